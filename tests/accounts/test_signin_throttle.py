"""Sign-in throttling through the real login forms: the site's /inloggen/, Wagtail's /admin/login/
and /_util/login/, the page-password form, password reset and invitations.

Every test runs twice: with the per-process cache of development and with Redis, the shared cache
production uses (skipped with its reason when no Redis answers)."""

import html
import os
import re

import pytest
import redis
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from accounts.roles import EDITORS, SPECIALISTS
from accounts.throttling import Refusal
from tests.factories import IdeaPageFactory, UserFactory

PASSWORD = "correct horse battery"
OFFICE = "198.51.100.7"
HOME = "203.0.113.20"
CAFE = "192.0.2.99"
LOGIN_FORMS = ["login", "wagtailadmin_login", "wagtailcore_login"]
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["locmem", "redis"], autouse=True)
def throttle_cache(request, settings):
    """The throttle's cache alias, per-process memory or Redis (a database of the tests' own)."""
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"Redis leg skipped: no Redis answers at {REDIS_TEST_URL} (set TEST_REDIS_URL)")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-tests"}
    settings.CACHES = {**settings.CACHES, "throttle": backend}
    caches["throttle"].clear()
    return request.param


def dutch(reason, minutes=15):
    """The refusal as a Dutch visitor reads it."""
    with translation.override("nl"):
        return Refusal(reason, minutes * 60).message


def sign_in(form, username, password, address=OFFICE, **headers):
    """One attempt on a login form from a fresh browser; the response."""
    return Client().post(reverse(form), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def page_text(response):
    return html.unescape(response.content.decode())


def signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


@pytest.mark.django_db
@pytest.mark.parametrize("form", LOGIN_FORMS)
def test_every_login_form_is_throttled(form):
    user = UserFactory()
    for _ in range(5):
        assert not signed_in(sign_in(form, user.username, "wrong"))
    refused = sign_in(form, user.username, PASSWORD)
    assert not signed_in(refused)
    assert dutch("account_and_client") in page_text(refused)


@pytest.mark.django_db
def test_an_account_locked_on_the_site_cannot_sign_in_on_any_other_form():
    user = UserFactory()
    for _ in range(5):
        sign_in("login", user.username, "wrong")
    for form in LOGIN_FORMS:
        refused = sign_in(form, user.username, PASSWORD)
        assert not signed_in(refused), form
        assert dutch("account_and_client") in page_text(refused), form
    assert sign_in("login", user.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_failed_sign_ins_under_unknown_names_do_not_lock_out_a_colleague():
    colleague = UserFactory()
    for name in ["jansen", "jansen", "j.jansen", "admin", "jansen", "redactie"]:
        assert not signed_in(sign_in("login", name, "geraden"))
    assert signed_in(sign_in("login", colleague.username, PASSWORD))
    assert signed_in(sign_in("wagtailadmin_login", colleague.username, PASSWORD))


@pytest.mark.django_db
def test_five_wrong_guesses_do_not_lock_a_person_out_elsewhere():
    person = UserFactory()
    for _ in range(5):
        sign_in("login", person.username, "wrong", address=CAFE)
    assert not signed_in(sign_in("login", person.username, PASSWORD, address=CAFE))
    assert signed_in(sign_in("login", person.username, PASSWORD, address=OFFICE))


@pytest.mark.django_db
def test_eight_wrong_passwords_lock_an_account_on_every_form_and_from_every_address():
    person = UserFactory()
    for attempt in range(8):
        form = LOGIN_FORMS[attempt % 3]
        assert not signed_in(sign_in(form, person.username, "wrong", address=CAFE if attempt < 4 else HOME))
    for form in LOGIN_FORMS:
        refused = sign_in(form, person.username, PASSWORD, address=OFFICE)
        assert not signed_in(refused), form
        assert dutch("account") in page_text(refused), form


@pytest.mark.django_db
def test_an_editor_unlocks_a_locked_account():
    person = UserFactory()
    for attempt in range(8):
        sign_in("login", person.username, "wrong", address=CAFE if attempt < 4 else HOME)
    assert not signed_in(sign_in("login", person.username, PASSWORD, address=CAFE))
    call_command("unlock_account", person.username, stdout=open(os.devnull, "w"))
    assert signed_in(sign_in("login", person.username, PASSWORD, address=CAFE))
    assert signed_in(sign_in("wagtailadmin_login", person.username, PASSWORD, address=OFFICE))


@pytest.mark.django_db
def test_setting_a_new_password_from_the_reset_mail_lifts_the_lock(client):
    person = UserFactory(email="noor@example.org")
    for attempt in range(8):
        sign_in("login", person.username, "wrong", address=CAFE if attempt < 4 else HOME)
    client.post(reverse("password_reset"), {"email": "noor@example.org"}, REMOTE_ADDR=CAFE)
    link = next(line for line in mail.outbox[-1].body.split() if "/wachtwoord/nieuw/" in line)
    form_page = client.get(link, follow=True)
    new_password = "een nieuw wachtwoord 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert signed_in(sign_in("login", person.username, new_password, address=CAFE))


@pytest.mark.django_db
def test_a_whole_office_behind_one_address_is_stopped_only_at_the_ceiling(settings):
    settings.LOGIN_THROTTLE_PER_CLIENT = (10, 900)
    colleagues = UserFactory.create_batch(3)
    for colleague in colleagues:
        for _ in range(3):
            sign_in("login", colleague.username, "typo")
        assert signed_in(sign_in("login", colleague.username, PASSWORD))  # successes never count
    sign_in("login", "stagiair", "typo")  # the tenth failure from this address
    refused = sign_in("login", colleagues[0].username, PASSWORD)
    assert not signed_in(refused)
    assert dutch("client") in page_text(refused)
    assert signed_in(sign_in("login", colleagues[0].username, PASSWORD, address=HOME))


@pytest.mark.django_db
def test_with_one_trusted_proxy_the_forwarded_address_separates_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    person = UserFactory()
    proxy = "10.0.0.2"
    for _ in range(5):
        sign_in("login", person.username, "wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {CAFE}")
    assert not signed_in(sign_in("login", person.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=CAFE))
    # A forged entry left of the one the proxy wrote changes nothing; another visitor is not locked out.
    assert not signed_in(sign_in("login", person.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=f"{HOME}, {CAFE}"))
    assert signed_in(sign_in("login", person.username, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=HOME))


@pytest.mark.django_db
def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    person = UserFactory()
    for number in range(5):
        sign_in("login", person.username, "wrong", address=CAFE, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    refused = sign_in("login", person.username, PASSWORD, address=CAFE, HTTP_X_FORWARDED_FOR=HOME)
    assert not signed_in(refused)
    assert dutch("account_and_client") in page_text(refused)


@pytest.mark.django_db
def test_ipv6_clients_are_counted_by_their_64_network():
    person = UserFactory()
    for host in range(1, 6):
        sign_in("login", person.username, "wrong", address=f"2001:db8:1:2::{host}")
    assert not signed_in(sign_in("login", person.username, PASSWORD, address="2001:db8:1:2:ffff::9"))
    assert signed_in(sign_in("login", person.username, PASSWORD, address="2001:db8:1:3::1"))


def reset(client, email, address=OFFICE):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_the_fourth_password_reset_within_the_hour_sends_no_mail(client):
    UserFactory(email="noor@example.org")
    for _ in range(3):
        assert reset(client, "noor@example.org").status_code == 302
    assert len(mail.outbox) == 3
    refused = reset(client, "noor@example.org")
    assert refused.status_code == 429
    assert dutch("password_reset", minutes=60) in page_text(refused)
    assert len(mail.outbox) == 3
    # Another address still gets its mail.
    UserFactory(email="sem@example.org")
    assert reset(client, "sem@example.org").status_code == 302
    assert mail.outbox[-1].to == ["sem@example.org"]


@pytest.mark.django_db
def test_the_reset_limit_does_not_reveal_whether_an_address_has_an_account(client):
    UserFactory(email="noor@example.org")
    answers = {}
    for email, address in [("noor@example.org", CAFE), ("niemand@example.org", HOME)]:
        for _ in range(3):
            assert reset(client, email, address=address).status_code == 302
        refused = reset(client, email, address=address)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page_text(refused))
        answers[email] = (refused.status_code, page.replace(email, "…"))
    assert answers["noor@example.org"] == answers["niemand@example.org"]
    assert answers["noor@example.org"][0] == 429


@pytest.mark.django_db
def test_password_resets_are_limited_per_client_across_addresses(client):
    for number in range(10):
        assert reset(client, f"iemand{number}@example.org").status_code == 302
    refused = reset(client, "nog-iemand@example.org")
    assert refused.status_code == 429
    assert dutch("password_reset", minutes=60) in page_text(refused)
    assert reset(client, "nog-iemand@example.org", address=HOME).status_code == 302


@pytest.mark.django_db
def test_the_admin_password_reset_leads_to_the_rate_limited_one(client):
    UserFactory(email="noor@example.org")
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "noor@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset")
    assert not mail.outbox


@pytest.fixture
def protected_page(db):
    page = IdeaPageFactory(title="Besloten pilot")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="veldwerk-pilot")
    return page, restriction


def enter_page_password(page, restriction, password, address=OFFICE, client=None):
    client = client or Client()
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return client.post(url, {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_the_page_password_form_is_throttled_per_page_and_client(protected_page):
    page, restriction = protected_page
    assert Client().get(page.url).status_code == 200  # the password form
    for _ in range(5):
        assert enter_page_password(page, restriction, "gok").status_code == 200
    refused = enter_page_password(page, restriction, "veldwerk-pilot")
    assert refused.status_code == 429
    assert dutch("page_password") in page_text(refused)

    other_client = Client()
    passed = enter_page_password(page, restriction, "veldwerk-pilot", address=HOME, client=other_client)
    assert passed.status_code == 302
    assert other_client.get(page.url).status_code == 200 and "Besloten pilot" in page_text(other_client.get(page.url))

    other_page = IdeaPageFactory(title="Andere pilot")
    other_restriction = PageViewRestriction.objects.create(page=other_page, restriction_type=PageViewRestriction.PASSWORD, password="x-pilot-2")
    assert enter_page_password(other_page, other_restriction, "x-pilot-2").status_code == 302


@pytest.mark.django_db
def test_an_editor_may_send_only_so_many_invitations(client, settings, django_capture_on_commit_callbacks):
    settings.INVITATION_RATE_LIMIT = (2, 3600)
    client.force_login(UserFactory(role=EDITORS))
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("invite_person"), {
                "first_name": "Mehmet", "last_name": f"Yilmaz {number}", "email": f"m{number}@example.org", "role": SPECIALISTS,
            })
    assert response.status_code == 400
    assert dutch("invitation", minutes=60) in page_text(response)
    assert len(mail.outbox) == 2
    assert not User.objects.filter(email="m2@example.org").exists()


@pytest.mark.django_db
def test_sign_in_still_works_when_the_throttle_cache_is_down(settings, caplog):
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    person = UserFactory()
    assert not signed_in(sign_in("login", person.username, "wrong"))
    assert signed_in(sign_in("login", person.username, PASSWORD))
    assert "Throttle cache unavailable" in caplog.text


@pytest.mark.django_db
def test_an_editor_unlocks_an_account_in_the_wagtail_admin(client):
    from wagtail.models import ModelLogEntry

    from accounts.roles import SCOUTS

    person = UserFactory()
    for attempt in range(8):
        sign_in("login", person.username, "wrong", address=CAFE if attempt < 4 else HOME)
    editor = UserFactory(role=EDITORS)
    client.force_login(UserFactory(role=SCOUTS))
    refused = client.post(reverse("unlock_sign_in"), {"username": person.username})
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")  # Wagtail's "no permission"
    assert not signed_in(sign_in("login", person.username, PASSWORD, address=OFFICE))

    client.force_login(editor)
    assert reverse("unlock_sign_in") in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(reverse("unlock_sign_in"), {"username": person.username.upper()}, follow=True)
    assert response.status_code == 200
    assert person.username.upper() in page_text(response)
    assert signed_in(sign_in("login", person.username, PASSWORD, address=CAFE))
    entry = ModelLogEntry.objects.get(action="veldwerk.unlock_sign_in")
    assert entry.object_id == str(person.pk) and entry.user_id == editor.pk
