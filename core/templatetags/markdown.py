from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source, heading_offset=0):
    """Render stored markdown as sanitised HTML: `{{ page.body|markdown }}`, or `{{ page.report|markdown:1 }}`
    to move its headings one level down under a section heading."""
    return mark_safe(render_markdown(source, int(heading_offset)))  # noqa: S308 - render_markdown sanitises with nh3
