from django import template
from django.utils.safestring import mark_safe

from veldwerk.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source):
    """Render stored markdown as sanitised HTML: `{{ page.body|markdown }}`."""
    return mark_safe(render_markdown(source))  # noqa: S308 - render_markdown sanitises with nh3
