"""Error pages in the site's style and the visitor's language (Dutch unless English was chosen)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from django.views.defaults import bad_request, permission_denied, server_error

STYLESHEET = "/static/css/veldwerk.css"


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.mark.django_db
def test_not_found_page_is_styled_and_dutch(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl">' in html and STYLESHEET in html
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert 'href="/zoeken/"' in html


@pytest.mark.django_db
def test_not_found_page_in_english_when_chosen(client):
    html = english(client).get("/bestaat-niet/").content.decode()
    assert '<html lang="en">' in html and "<h1>Page not found</h1>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("nl", "Geen toegang"), ("en", "No access")])
def test_permission_denied_page(rf, django_user_model, language, heading):
    request = rf.get("/ergens/")
    request.user = django_user_model.objects.create(username="iemand")
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html and STYLESHEET in html and f"<h1>{heading}</h1>" in html


@pytest.mark.parametrize("view, status, dutch, english_heading", [
    (lambda request: server_error(request), 500, "Er ging iets mis", "Something went wrong"),
    (lambda request: bad_request(request, ValueError()), 400, "Verzoek niet begrepen", "Request not understood"),
])
def test_server_error_and_bad_request_pages_need_no_database(rf, view, status, dutch, english_heading):
    for language, heading in (("nl", dutch), ("en", english_heading)):
        with translation.override(language):
            response = view(rf.get("/"))
        html = response.content.decode()
        assert response.status_code == status
        assert f'<html lang="{language}">' in html and STYLESHEET in html and f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_expired_form_explains_itself():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "a", "password": "b"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Het formulier is verlopen</h1>" in html and STYLESHEET in html


@pytest.mark.django_db
def test_disallowed_host_gets_the_styled_bad_request_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()
