"""Comment text as HTML: the site's one markdown renderer, narrowed to what a comment needs."""

import nh3
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

COMMENT_TAGS = {"p", "br", "strong", "em", "code", "a", "ul", "ol", "li", "blockquote"}
COMMENT_ATTRIBUTES = {"a": {"href", "rel"}}
COMMENT_URL_SCHEMES = {"http", "https", "mailto"}


def render_comment(source):
    """Safe HTML for a comment's markdown: inline formatting, paragraphs, lists, links, quotes and code.

    Headings, tables and other block elements keep their text but lose their tags, so a
    comment cannot restyle the page it is on.
    """
    html = render_markdown(source)
    return mark_safe(nh3.clean(
        html, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES, url_schemes=COMMENT_URL_SCHEMES, link_rel=None,
    ))
