import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import profile_of
from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from tests.factories import UserFactory, municipality

PASSWORD = "correct horse battery"


@pytest.mark.django_db
def test_profile_sets_name_and_requests_a_municipality(client, settings):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), {"first_name": "Noor", "last_name": "Jansen", "municipality": municipality("GM0193").pk})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "Noor Jansen"
    assert (user.membership.municipality.code, user.membership.status) == ("GM0193", "requested")
    assert profile_of(user).municipality is None  # a request grants nothing
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Zwolle: requested." in client.get(reverse("profile")).content.decode()


@pytest.mark.django_db
def test_profile_needs_login(client):
    assert client.get(reverse("profile")).status_code == 302


@pytest.mark.django_db
def test_login_and_logout(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("profile")).status_code == 302


@pytest.mark.django_db
def test_password_reset_by_e_mail(client):
    user = UserFactory(email="noor@example.org")
    response = client.post(reverse("password_reset"), {"email": "noor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/wachtwoord/nieuw/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "een nieuw wachtwoord 42", "new_password2": "een nieuw wachtwoord 42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("een nieuw wachtwoord 42")


@pytest.mark.django_db
def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "nog een wachtwoord 77", "new_password2": "nog een wachtwoord 77",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nog een wachtwoord 77")


@pytest.mark.django_db
def test_editor_invites_someone_who_sets_a_password_from_the_e_mail(client, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import User

    from accounts.roles import EDITORS, SPECIALISTS

    client.force_login(UserFactory(role=EDITORS, first_name="Ilse"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite_person"), {
            "first_name": "Mehmet", "last_name": "Yilmaz", "email": "M.Yilmaz@example.org",
            "role": SPECIALISTS, "municipality": "GM0014",
        })
    assert response.status_code == 302
    invited = User.objects.get(email="m.yilmaz@example.org")
    assert not invited.has_usable_password() and invited.groups.filter(name=SPECIALISTS).exists()
    assert (invited.membership.municipality.code, invited.membership.status) == ("GM0014", "invited")
    assert profile_of(invited).municipality is None  # not before the invitation is accepted
    assert mail.outbox[-1].to == ["m.yilmaz@example.org"]
    link = re.search(r"https?://[^/]+(/wachtwoord/nieuw/\S+/)", mail.outbox[-1].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "welkom bij veldwerk 9", "new_password2": "welkom bij veldwerk 9"})
    invited = User.objects.get(pk=invited.pk)
    assert invited.check_password("welkom bij veldwerk 9")
    # Accepting the invitation proves the address and confirms the invited municipality.
    assert (invited.membership.status, invited.membership.granted_through) == ("confirmed", "invitation")
    assert invited.membership.decided_by.first_name == "Ilse"
    assert profile_of(invited).municipality.code == "GM0014"
    assert profile_of(invited).verified_email == "m.yilmaz@example.org" and profile_of(invited).email_verified_at


@pytest.mark.django_db
def test_only_editors_invite(client):
    from accounts.roles import SCOUTS

    client.force_login(UserFactory(role=SCOUTS))
    response = client.post(reverse("invite_person"), {"first_name": "A", "last_name": "B", "email": "a@example.org", "role": SCOUTS})
    assert response.status_code == 403
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("role, sees_my_ideas", [(SPECIALISTS, False), (SCOUTS, True), (EDITORS, True)])
def test_navigation_offers_my_ideas_only_to_who_can_submit_ideas(client, role, sees_my_ideas):
    client.force_login(UserFactory(role=role))
    home = client.get("/").content.decode()
    assert ('href="/mijn-ideeen/"' in home) is sees_my_ideas
    assert ('href="/idee-aandragen/"' in client.get("/mijn-ideeen/").content.decode()) is sees_my_ideas
