"""Request bodies above MAX_REQUEST_BYTES are refused with a page in the site's layout before
they are read, whatever their Content-Length claims."""

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import AsyncClient
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.urls import reverse

from accounts.roles import SCOUTS
from ideas.models import IdeaPage
from ideas.uploads import MAX_ATTACHMENT_BYTES
from tests.factories import UserFactory
from tests.ideas.test_submission import idea_data

STYLESHEET = "/static/css/veldwerk.css"


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.mark.django_db
def test_a_body_declared_too_large_is_refused_before_it_is_read(client):
    client.force_login(UserFactory(role=SCOUTS))
    english(client)
    response = client.post(
        reverse("submit_idea"), data=idea_data(),
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),  # the body itself is never read
    )
    html = response.content.decode()
    assert response.status_code == 413
    assert '<html lang="en">' in html and STYLESHEET in html and "<h1>Too large to send</h1>" in html
    assert "It was not saved" in html and "an attachment may be at most 10.0\xa0MB" in html
    assert not IdeaPage.objects.exists()


@pytest.mark.django_db
def test_the_413_page_is_dutch_by_default(client):
    response = client.post("/zoeken/", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(10**9))
    html = response.content.decode()
    assert response.status_code == 413 and '<html lang="nl">' in html and STYLESHEET in html


def test_the_largest_attachment_fits_in_a_request():
    """A file at the attachment limit must reach the form (and its clear message), not the 413 page."""
    assert settings.MAX_REQUEST_BYTES >= MAX_ATTACHMENT_BYTES + 512 * 1024


@pytest.mark.django_db(databases=[])  # refused before any view or session touches the database
def test_an_upload_larger_than_its_content_length_claims_is_stopped():
    """Under ASGI the body is the stream the server hands over, not cut off at Content-Length:
    the upload handler counts what really arrives and stops at the limit."""
    body = encode_multipart(BOUNDARY, {"q": "x", "attachment": FakeFile(b"0" * (settings.MAX_REQUEST_BYTES + 1))})
    scope = {
        "method": "POST", "path": "/zoeken/", "query_string": "", "server": ("127.0.0.1", "80"), "scheme": "http",
        "headers": [
            (b"host", b"testserver"),
            (b"content-length", b"1000"),  # a lie
            (b"content-type", MULTIPART_CONTENT.encode()),
        ],
        "_body_file": FakePayload(body),
    }
    response = async_to_sync(AsyncClient().request)(**scope)
    assert response.status_code == 413
    assert "Veldwerk" in response.content.decode()


class FakeFile:
    """A file for encode_multipart, without writing one to disk."""

    name = "groot.pdf"

    def __init__(self, content):
        self.content = content

    def read(self):
        return self.content
