"""Every response carries a Content-Security-Policy and a Permissions-Policy: a strict policy
without inline code on the public site, a looser one for the Wagtail admin, and nothing in the
admin or the templates that reaches for another site."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document

from accounts.roles import EDITORS, SCOUTS
from tests.factories import FieldlabSessionPageFactory, IdeaPageFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
STRICT_DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "object-src": "'none'",
    "base-uri": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
}


def policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    header = response.headers.get("Content-Security-Policy", "")
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())


@pytest.fixture
def idea(db):
    return IdeaPageFactory(title="Slimme lantaarnpalen")


@pytest.fixture
def fieldlab(db):
    return FieldlabSessionPageFactory(title="Fieldlab afval")


def public_pages(idea, fieldlab):
    return {
        "home": "/", "idea listing": "/ideeen/", "fieldlab listing": "/fieldlabs/",
        "idea": idea.url, "fieldlab": fieldlab.url, "search": "/zoeken/?q=lantaarn",
        "login": reverse("login"), "accessibility statement": reverse("accessibility_statement"),
        "not found": "/bestaat-niet/", "wagtail login": "/_util/login/",
    }


@pytest.mark.django_db
def test_every_public_page_has_the_strict_policy(client, idea, fieldlab):
    for name, url in public_pages(idea, fieldlab).items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        directives = policy(response)
        for directive, sources in STRICT_DIRECTIVES.items():
            assert directives.get(directive) == sources, f"{name}: {directive} is {directives.get(directive)!r}"
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], name
        assert "nonce-" not in response.headers["Content-Security-Policy"], name  # cacheable: same header for all
        assert "camera=()" in response.headers["Permissions-Policy"], name


@pytest.mark.django_db
def test_signed_in_pages_have_the_strict_policy(client):
    scout = UserFactory(role=SCOUTS)
    client.force_login(scout)
    for url in (reverse("submit_idea"), reverse("my_ideas"), reverse("profile")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response)["script-src"] == "'self'" and policy(response)["style-src"] == "'self'", url
        assert "geolocation=()" in response.headers["Permissions-Policy"], url


@pytest.mark.django_db
def test_the_wagtail_admin_has_its_own_looser_policy(client):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert "'unsafe-inline'" in policy(login)["script-src"]
    assert policy(login)["object-src"] == "'none'" and policy(login)["frame-ancestors"] == "'self'"
    client.force_login(UserFactory(role=EDITORS))
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert policy(dashboard)["default-src"] == "'self'" and "microphone=()" in dashboard.headers["Permissions-Policy"]
    assert "https:" not in dashboard.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_admin_requests_nothing_from_other_sites(client):
    """No avatars from gravatar.com (they would tell it a hash of each user's e-mail address) and
    no check for new Wagtail releases."""
    client.force_login(UserFactory(role=EDITORS, email="redactie@gemeente.example"))
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "data-w-upgrade" not in html and "upgrade_check" not in html
    assert "gravatar.com" not in client.get("/admin/account/").content.decode()


@pytest.mark.django_db
def test_documents_keep_wagtails_own_stricter_policy(client, idea):
    """Wagtail serves documents with `default-src 'none'`: a served HTML or SVG file runs nothing."""
    document = Document(title="Plan")
    document.file.save("plan.txt", ContentFile(b"Het plan"), save=False)
    document.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
INLINE_CODE = {
    "inline <script>": INLINE_SCRIPT, "style attribute": STYLE_ATTRIBUTE, "<style> block": STYLE_BLOCK,
    "on* event handler": EVENT_HANDLER, "javascript: URL": SCRIPT_URL,
}


def inline_code(source):
    return [kind for kind, pattern in INLINE_CODE.items() if pattern.search(source)]


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_contain_no_inline_code(template):
    """The public policy blocks inline code, so none may be written: it would silently not work."""
    assert inline_code(template.read_text(encoding="utf-8")) == []


def test_the_scan_finds_each_kind_of_inline_code():
    assert inline_code('<script src="/static/a.js" defer></script>') == []
    assert inline_code("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<p style="color: red">') == ["style attribute"]
    assert inline_code("<style>p {}</style>") == ["<style> block"]
    assert inline_code('<button type="button" onclick="go()">') == ["on* event handler"]
    assert inline_code('<a href="javascript:go()">') == ["javascript: URL"]
    assert inline_code('<input data-on="x" data-style="y">') == []

