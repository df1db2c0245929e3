"""Links are http, https or mailto: at import, in model validation and when the idea page renders."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.links import is_safe_link_url, link_scheme
from ideas.models import IdeaLink, IdeaPage
from tests.factories import IdeaPageFactory
from tests.importer.test_import_ideas import AFTER_IDEA, IDEA, PUBLICCODE, write_jsonl

SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "   javascript:alert(1)",
    "\x01\x10 javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\njavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "evil.example",
]


class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name in ("href", "src", "action", "formaction")]


def hrefs_of(html):
    parser = Hrefs()
    parser.feed(html)
    return parser.hrefs


@pytest.mark.django_db
@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_importing_a_link_with_another_scheme_is_refused_and_nothing_reaches_the_page(tmp_path, capsys, client, url):
    record = {**IDEA, "id": "xss", "links": [{"title": "Broncode", "url": "https://example.org/ok"}, {"title": "Klik", "url": url}]}
    source = write_jsonl(tmp_path / "data.jsonl", record, AFTER_IDEA)

    with pytest.raises(CommandError):
        call_command("import_ideas", str(source), "--publish", verbosity=0)

    errors = capsys.readouterr().err
    assert f"{source}:1: links[1].url " in errors and "only http, https, mailto links are imported" in errors
    assert not IdeaPage.objects.filter(external_id="xss").exists()
    after = IdeaPage.objects.get(external_id="after")
    assert client.get(after.url).status_code == 200


@pytest.mark.django_db
def test_http_https_and_mailto_links_import_and_render_as_links(tmp_path, client):
    links = [
        {"title": "Site", "url": "https://example.org/afval"},
        {"title": "Oud", "url": " http://example.org/oud "},
        {"title": "Mail ons", "url": "mailto:afval@example.org?subject=Afvalapp"},
    ]
    call_command("import_ideas", str(write_jsonl(tmp_path / "data.jsonl", {**IDEA, "links": links})), "--publish", verbosity=0)

    idea = IdeaPage.objects.get(external_id="zwolle-afvalapp")
    hrefs = hrefs_of(client.get(idea.url).content.decode())
    assert {"https://example.org/afval", "http://example.org/oud", "mailto:afval@example.org?subject=Afvalapp"} <= set(hrefs)


@pytest.mark.django_db
def test_a_publiccode_url_with_a_script_scheme_is_refused(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "publiccode.yml").write_text(
        PUBLICCODE.replace("https://github.com/open-formulieren/open-forms", "JaVaScRiPt:alert(document.cookie)"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_ideas", str(folder), "--publish", verbosity=0)
    assert "links[0].url 'JaVaScRiPt:alert(document.cookie)' is refused" in capsys.readouterr().err
    assert not IdeaPage.objects.exists()


@pytest.mark.django_db
def test_a_script_link_stored_directly_in_the_database_renders_as_plain_text(client):
    idea = IdeaPageFactory(title="Gevaarlijke links")
    for number, url in enumerate(SCRIPT_URLS):
        IdeaLink.objects.create(page=idea, title=f"Link {number}", url=url, sort_order=number)
    IdeaLink.objects.create(page=idea, title="Veilige link", url="https://example.org/", sort_order=99)

    html = client.get(idea.url).content.decode()

    hrefs = hrefs_of(html)
    assert "https://example.org/" in hrefs
    assert all(link_scheme(href) in ("", "http", "https", "mailto") for href in hrefs), hrefs
    assert not [href for href in hrefs if href.startswith("//") or "evil" in href]
    for number in range(len(SCRIPT_URLS)):
        assert f"<li>Link {number}</li>" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org", "mailto:info@example.org",
                                 "mailto:info@example.org?subject=Hallo"])
def test_the_model_accepts_http_https_and_mailto(url):
    IdeaLink(title="Link", url=url).clean_fields(exclude=["page"])
    assert IdeaLink._meta.get_field("url").formfield().clean(url) == url


@pytest.mark.parametrize("url", [*SCRIPT_URLS, "ftp://example.org/", "mailto:geen-adres", "https://"])
def test_the_model_refuses_every_other_address(url):
    with pytest.raises(ValidationError) as refused:
        IdeaLink(title="Link", url=url).clean_fields(exclude=["page"])
    assert "http:// of https://" in " ".join(refused.value.messages) or "http:// or https://" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        IdeaLink._meta.get_field("url").formfield().clean(url)


def test_the_model_refuses_surrounding_spaces_that_forms_strip():
    with pytest.raises(ValidationError):
        IdeaLink(title="Link", url=" https://example.org").clean_fields(exclude=["page"])
    assert IdeaLink._meta.get_field("url").formfield().clean(" https://example.org ") == "https://example.org"


def test_the_scheme_is_read_as_a_browser_reads_it():
    assert not is_safe_link_url("\x00javascript:alert(1)")
    assert not is_safe_link_url("jav\r\nascript:alert(1)")
    assert is_safe_link_url("HTTPS://example.org")
    assert not is_safe_link_url("")
    assert not is_safe_link_url(None)
