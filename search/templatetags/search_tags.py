from django import template

from ..service import similar_pages as find_similar_pages

register = template.Library()


@register.simple_tag
def similar_pages(page, limit=5):
    """`{% similar_pages page as similar %}`: live ideas and fieldlabs most like this page."""
    return find_similar_pages(page, limit)
