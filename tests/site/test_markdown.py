import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from core.markdown import render_markdown

PAYLOADS = (Path(__file__).resolve().parents[1] / "data" / "xss-payloads.txt").read_text(encoding="utf-8").split("\n")
SCRIPT_CAPABLE_ELEMENTS = {
    "script", "iframe", "object", "embed", "svg", "math", "img", "style", "link", "meta", "base", "form",
    "input", "button", "textarea", "video", "audio", "source", "frame", "frameset", "applet", "body",
    "html", "xml", "isindex", "marquee", "bgsound", "layer", "ilayer", "image", "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "dynsrc", "lowsrc"}


class ElementCollector(HTMLParser):
    """Collects the elements and attributes a browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def assert_harmless(html):
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    for tag, attributes in collector.elements:
        assert tag not in SCRIPT_CAPABLE_ELEMENTS, html
        for name, value in attributes:
            assert not name.startswith("on"), html
            assert name != "style", html
            if name in URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x20]", "", value or "").split(":", 1)[0].lower()
                assert scheme not in {"javascript", "vbscript", "data"}, html


def test_payload_file_is_complete():
    assert len([p for p in PAYLOADS if p]) == 362


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p], ids=lambda p: str(PAYLOADS.index(p) + 1))
def test_xss_payload_renders_harmless(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p][::7])
def test_xss_payload_inside_markdown_structures_renders_harmless(payload):
    source = f"# {payload}\n\n- {payload}\n\n| a |\n|---|\n| {payload} |\n\n[link]({payload})\n\n![{payload}]({payload})"
    assert_harmless(render_markdown(source))


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<b onmouseover="x()">vet</b> and <script>alert(1)</script>')
    assert "<b" not in html and "<script" not in html
    assert "&lt;b onmouseover" in html


def test_writer_features_render():
    source = "## Aanpak\n\n1. Eerst\n2. Dan\n\n| Gemeente | Status |\n|---|:--:|\n| Zwolle | pilot |\n\n```\ncode <here>\n```\n"
    html = render_markdown(source)
    assert '<h2 id="md-aanpak">Aanpak</h2>' in html
    assert "<ol>" in html and "<li>Eerst</li>" in html
    assert "<table>" in html and '<td align="center">pilot</td>' in html
    assert "<pre><code>code &lt;here&gt;" in html


def test_external_links_get_nofollow_and_internal_links_do_not():
    html = render_markdown("[VNG](https://vng.nl) and [ideas](/ideeen/) and [mail](mailto:a@example.org)")
    assert '<a href="https://vng.nl" rel="nofollow noopener">VNG</a>' in html
    assert '<a href="/ideeen/">ideas</a>' in html
    assert '<a href="mailto:a@example.org">mail</a>' in html


def test_only_allowed_url_schemes_survive():
    html = render_markdown("[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html;base64,PHNjcmlwdD4=) [d](ftp://x.org)")
    assert "javascript" not in html and "vbscript" not in html and "data:" not in html and "ftp:" not in html


def test_images_become_links_so_no_outside_host_is_contacted():
    html = render_markdown("![Plattegrond](https://tracker.example/pixel.png)")
    assert "<img" not in html
    assert '<a href="https://tracker.example/pixel.png" rel="nofollow noopener">Plattegrond</a>' in html


def test_empty_and_nul_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert "\x00" not in render_markdown("a\x00b")


def test_template_filter_renders_markdown_as_markup(rf):
    from django.template import Context, Template

    rendered = Template("{% load markdown %}{{ text|markdown }}").render(Context({"text": "**vet** <i>x</i>"}))
    assert "<strong>vet</strong>" in rendered and "&lt;i&gt;x&lt;/i&gt;" in rendered


def test_headings_move_down_under_a_section_heading():
    html = render_markdown("# Titel\n\n## Aanpak\n\n###### Diep", heading_offset=1)
    assert '<h2 id="md-titel">Titel</h2>' in html and '<h3 id="md-aanpak">Aanpak</h3>' in html
    assert "<h6" in html and "<h7" not in html
