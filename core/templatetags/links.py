from django import template

from core.links import is_safe_link_url

register = template.Library()


@register.filter(name="is_safe_link_url")
def is_safe_link_url_filter(url):
    """`{% if link.url|is_safe_link_url %}<a href=…>{% endif %}`: only http, https and mailto become links."""
    return is_safe_link_url(url)
