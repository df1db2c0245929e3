from django import template

from accounts.permissions import can as permitted

register = template.Library()


@register.simple_tag
def can(user, action, target=None):
    """`{% can user "submit_idea" as may_submit %}`: templates offer only what the one permission
    function allows, so nobody is shown a link that ends in a refusal."""
    return permitted(user, action, target)
