"""The one markdown renderer of the site.

Markdown is stored as source and rendered on display: python-markdown turns it into
HTML with raw HTML switched off (typed tags show as text), and nh3 then cleans the
result under an explicit allow-list as a second line of defence.
"""

import re
import threading
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.text import slugify
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy as _
from markdown.treeprocessors import Treeprocessor

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, ## headings, lists, tables, [links](https://…).")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "div", "del",
    "sup", "sub", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_LINK_REL = "nofollow noopener"
HEADING_ID_PREFIX = "md-"


class LinkAndImageTreeprocessor(Treeprocessor):
    """Mark external links with rel="nofollow noopener" and turn images into plain links.

    Images are not embedded: an image from another host would tell that host who reads
    the page, so the reader follows a link to it instead.
    """

    def run(self, root):
        for parent in root.iter():
            for index, element in enumerate(parent):
                if element.tag == "img":
                    link = element.makeelement("a", {"href": element.get("src", "")})
                    link.text = element.get("alt") or element.get("src", "")
                    link.tail = element.tail
                    parent[index] = link
        for link in root.iter("a"):
            if urlsplit(link.get("href", "")).netloc:
                link.set("rel", EXTERNAL_LINK_REL)


class SafeMarkdownExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(LinkAndImageTreeprocessor(md), "links_and_images", 0)


def prefixed_slug(value, separator):
    """Heading ids get a prefix so that a heading can never clobber an id of the page itself."""
    return HEADING_ID_PREFIX + slugify(value).replace("-", separator)


_local = threading.local()


def _converter():
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", "toc", SafeMarkdownExtension()],
            extension_configs={"tables": {"use_align_attribute": True}, "toc": {"slugify": prefixed_slug}},
            output_format="html",
        )
    return _local.converter


def clean_html(html):
    """Sanitise HTML under the site's allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


MARKDOWN_SYNTAX = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", re.MULTILINE), ""),  # headings, quotes, list markers
    (re.compile(r"^\s*(```|~~~).*$|^\s*\|?[\s:|-]+\|[\s:|-]*$", re.MULTILINE), ""),  # fences, table rules
    (re.compile(r"[*_`|]+"), " "),  # emphasis, code and table pipes
]


def markdown_as_text(source):
    """The words of a markdown text without its syntax, for search indexing.

    Much cheaper than rendering; raw HTML stays as the text it is shown as on the page.
    """
    text = str(source or "").replace("\x00", "")
    for pattern, replacement in MARKDOWN_SYNTAX:
        text = pattern.sub(replacement, text)
    return text.strip()


HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def render_markdown(source, heading_offset=0):
    """Return safe HTML for a markdown source text (an empty string for empty input).

    `heading_offset` moves headings down, so a text shown under a section heading
    keeps the page's heading order (with 1, "## Aanpak" becomes an h3).
    """
    if not source:
        return ""
    converter = _converter()
    try:
        html = converter.convert(str(source).replace("\x00", ""))
    finally:
        converter.reset()
    if heading_offset:
        html = HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + heading_offset)}", html)
    return with_scrollable_tables(clean_html(html))


def with_scrollable_tables(html):
    """Wrap each table in a keyboard-scrollable region, so a wide table scrolls on its own
    instead of making the whole page scroll sideways on a narrow screen (WCAG 1.4.10)."""
    label = escape(gettext("Table"))
    opening = f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0"><table>'
    return html.replace("<table>", opening).replace("</table>", "</table></div>")
