"""A person's municipality is granted, not chosen: requests, editors' decisions, invitations and the
e-mail domain rule, each through the real views, with the audit log as editors see it."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.membership import email_verified
from accounts.models import Membership, MunicipalityEmailDomain, profile_of
from accounts.permissions import Refused, require
from accounts.roles import EDITORS, SCOUTS, SPECIALISTS
from adoptions.models import Adoption
from discussion.models import Comment
from tests.factories import IdeaPageFactory, UserFactory, confirmed_member, municipality

NEW_PASSWORD = "welkom bij veldwerk 9"


@pytest.fixture(autouse=True)
def english(client, settings):
    """New wording is checked in English, the msgids; the Dutch catalogue is merged separately."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def editor(db):
    return UserFactory(role=EDITORS, first_name="Ilse")


def register(client, idea, code="GM0014"):
    return client.post(reverse("register_adoption", args=(idea.pk,)), {"municipality": code, "status": "production"})


def request_on_profile(client, user, code):
    client.force_login(user)
    response = client.post(reverse("profile"), {"first_name": "Mehmet", "last_name": "", "municipality": municipality(code).pk})
    assert response.status_code == 302
    return Membership.objects.get(user=user)


def decide(client, editor, membership, decision):
    client.force_login(editor)
    response = client.post(reverse("memberships:edit", args=(membership.pk,)), {"decision": decision})
    assert response.status_code == 302
    return Membership.objects.get(pk=membership.pk)


def logged_actions(membership):
    return list(
        ModelLogEntry.objects.for_instance(membership).order_by("timestamp", "pk").values_list("action", "user_id")
    )


@pytest.mark.django_db
def test_choosing_a_municipality_on_the_profile_grants_nothing(client):
    user = UserFactory(role=SPECIALISTS)
    idea = IdeaPageFactory(title="Slimme afvalinzameling")
    request_on_profile(client, user, "GM0014")

    profile_page = client.get(reverse("profile")).content.decode()
    assert "Groningen: requested." in profile_page and "until then you cannot register its adoptions" in profile_page
    idea_page = client.get(idea.url).content.decode()
    assert 'class="form adoption-form"' not in idea_page
    assert "Your membership of Groningen awaits an editor's confirmation" in idea_page

    refused = register(client, idea)
    assert refused.status_code == 403
    assert "Your membership of Groningen has not been confirmed by an editor yet" in refused.content.decode()
    assert not Adoption.objects.exists()


@pytest.mark.django_db
def test_after_an_editor_confirms_the_request_the_member_registers_and_revocation_ends_it(client, editor):
    user = UserFactory(role=SPECIALISTS)
    idea = IdeaPageFactory(title="Slimme afvalinzameling")
    membership = request_on_profile(client, user, "GM0014")

    assert client.get(reverse("memberships:index")).status_code == 302  # the specialist has no admin access
    client.force_login(editor)
    listing = client.get(reverse("memberships:index"), {"status": "requested"})
    assert listing.status_code == 200 and user.username in listing.content.decode()
    decision_page = client.get(reverse("memberships:edit", args=(membership.pk,))).content.decode()
    assert "Confirm membership" in decision_page and "Refuse request" in decision_page

    membership = decide(client, editor, membership, "confirm")
    assert (membership.status, membership.granted_through, membership.decided_by) == ("confirmed", "editor", editor)

    client.force_login(user)
    assert "Groningen: confirmed." in client.get(reverse("profile")).content.decode()
    assert register(client, idea).status_code == 302
    assert Adoption.objects.get(idea=idea).status == "production"

    membership = decide(client, editor, membership, "revoke")
    assert membership.status == "revoked"
    client.force_login(user)
    refused = register(client, idea)
    assert refused.status_code == 403 and "You are not a confirmed member of Groningen" in refused.content.decode()

    assert logged_actions(membership) == [
        ("veldwerk.membership_requested", user.pk),
        ("veldwerk.membership_confirmed", editor.pk),
        ("veldwerk.membership_revoked", editor.pk),
    ]
    client.force_login(editor)
    history = client.get(reverse("memberships:history", args=(membership.pk,))).content.decode()
    assert "Membership confirmed" in history and "Membership revoked" in history


@pytest.mark.django_db
def test_a_refused_request_grants_nothing_and_may_be_asked_again(client, editor):
    user = UserFactory(role=SPECIALISTS)
    membership = decide(client, editor, request_on_profile(client, user, "GM0014"), "refuse")
    assert membership.status == "refused"
    client.force_login(user)
    assert register(client, IdeaPageFactory()).status_code == 403
    assert request_on_profile(client, user, "GM0014").status == "requested"


@pytest.mark.django_db
def test_an_impossible_decision_is_refused_with_a_message(client, editor):
    membership = confirmed_member(UserFactory(), "GM0014").membership
    client.force_login(editor)
    response = client.post(reverse("memberships:edit", args=(membership.pk,)), {"decision": "refuse"}, follow=True)
    assert "This decision is not possible for a membership that is confirmed." in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == "confirmed"


@pytest.mark.django_db
def test_choosing_another_municipality_asks_again(client):
    user = confirmed_member(UserFactory(role=SPECIALISTS), "GM0014")
    membership = request_on_profile(client, user, "GM0034")
    assert (membership.municipality.code, membership.status) == ("GM0034", "requested")
    assert register(client, IdeaPageFactory(), "GM0014").status_code == 403


@pytest.mark.django_db
def test_an_editor_grants_a_membership_directly(client, editor):
    user = UserFactory(role=SPECIALISTS)
    client.force_login(editor)
    response = client.post(reverse("memberships:add"), {"user": user.pk, "municipality": municipality("GM0014").pk})
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert (membership.status, membership.decided_by) == ("confirmed", editor)
    assert logged_actions(membership) == [("veldwerk.membership_confirmed", editor.pk)]


def reset_password(client, email):
    """Ask for a reset mail on the site and complete the link in it, as the person would."""
    client.logout()
    client.post(reverse("password_reset"), {"email": email})
    link = re.search(r"https?://[^/]+(/wachtwoord/nieuw/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")


@pytest.mark.django_db
def test_a_listed_e_mail_domain_grants_once_the_address_is_proven_by_a_password_reset(client, editor):
    client.force_login(editor)
    client.post(reverse("municipality_email_domains:add"), {"domain": "@Groningen.nl", "municipality": municipality("GM0014").pk})
    assert MunicipalityEmailDomain.objects.get().domain == "groningen.nl"
    user = UserFactory(role=SPECIALISTS, email="m.yilmaz@groningen.nl")
    idea = IdeaPageFactory()

    client.force_login(user)  # signed in, but the address is not proven: nothing granted
    assert register(client, idea).status_code == 403
    assert not Membership.objects.filter(user=user).exists()

    reset_password(client, "m.yilmaz@groningen.nl")
    membership = Membership.objects.get(user=user)
    assert (membership.municipality.code, membership.status, membership.granted_through) == ("GM0014", "confirmed", "email_domain")
    profile = profile_of(User.objects.get(pk=user.pk))
    assert profile.verified_email == "m.yilmaz@groningen.nl" and profile.email_verified_at is not None
    assert logged_actions(membership) == [("veldwerk.membership_confirmed", None)]

    client.login(username=user.username, password=NEW_PASSWORD)
    assert register(client, idea).status_code == 302


@pytest.mark.django_db
def test_the_domain_rule_needs_an_exact_listed_domain_and_respects_a_revocation(client, editor):
    MunicipalityEmailDomain.objects.create(domain="groningen.nl", municipality=municipality("GM0014"))
    outsider = UserFactory(email="iemand@groningen.nl.example.org")
    reset_password(client, outsider.email)
    assert not Membership.objects.filter(user=outsider).exists()

    revoked = confirmed_member(UserFactory(email="oud@groningen.nl"), "GM0014")
    decide(client, editor, revoked.membership, "revoke")
    reset_password(client, "oud@groningen.nl")
    assert Membership.objects.get(user=revoked).status == "revoked"


@pytest.mark.django_db
def test_a_changed_address_is_no_longer_verified(db):
    MunicipalityEmailDomain.objects.create(domain="groningen.nl", municipality=municipality("GM0014"))
    user = UserFactory(email="iemand@example.org")
    email_verified(user)
    user.email = "iemand@groningen.nl"
    user.save()
    assert not profile_of(user).email_is_verified


def test_email_domains_are_normalised_and_checked():
    entry = MunicipalityEmailDomain(domain=" @Zwolle.NL ")
    entry.clean()
    assert entry.domain == "zwolle.nl"
    with pytest.raises(ValidationError):
        MunicipalityEmailDomain(domain="zwolle").clean()


@pytest.mark.django_db
def test_invitation_logs_the_invitation_and_the_confirmation(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invite_person"), {
            "first_name": "Mehmet", "last_name": "Yilmaz", "email": "m.yilmaz@example.org",
            "role": SPECIALISTS, "municipality": "GM0014",
        })
    invited = User.objects.get(email="m.yilmaz@example.org")
    link = re.search(r"https?://[^/]+(/wachtwoord/nieuw/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert logged_actions(invited.membership) == [
        ("veldwerk.membership_invited", editor.pk), ("veldwerk.membership_confirmed", editor.pk),
    ]
    client.login(username=invited.username, password=NEW_PASSWORD)
    assert register(client, IdeaPageFactory()).status_code == 302


@pytest.mark.django_db
def test_comments_name_only_a_confirmed_municipality(client):
    idea = IdeaPageFactory(title="Chatbot")
    requester = UserFactory(first_name="Aanvrager", last_name="")
    request_on_profile(client, requester, "GM0014")
    Comment.objects.create(page=idea, author=requester, body="Interessant")
    member = confirmed_member(UserFactory(first_name="Lid", last_name=""), "GM0034")
    Comment.objects.create(page=idea, author=member, body="Wij ook")
    html = client.get(idea.url).content.decode()
    assert "Almere" in html[html.index('id="discussie"'):]
    assert "Groningen" not in html[html.index('id="discussie"'):]


@pytest.mark.django_db
def test_refusals_are_one_styled_page_with_the_reason(client):
    client.force_login(UserFactory(role=SCOUTS))
    response = client.get(reverse("invite_person"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>No access</h1>" in html and "Only editors invite people." in html


@pytest.mark.django_db
def test_reasons_for_the_idea_actions(db):
    specialist = UserFactory(role=SPECIALISTS)
    with pytest.raises(Refused, match="Only talent scouts and editors submit ideas. Ask an editor for the talent scout role."):
        require(specialist, "submit_idea")
    scout = UserFactory(role=SCOUTS)
    published = IdeaPageFactory(owner=scout)
    with pytest.raises(Refused, match="This idea is under review or published; it cannot be changed here."):
        require(scout, "edit_submission", published)
    with pytest.raises(Refused, match="You can only change ideas you submitted yourself."):
        require(UserFactory(role=SCOUTS), "edit_submission", IdeaPageFactory(live=False, owner=scout))


@pytest.mark.django_db
def test_editors_see_waiting_requests_on_the_dashboard(client, editor):
    request_on_profile(client, UserFactory(first_name="Mehmet", last_name="Yilmaz"), "GM0014")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 person waits for your decision on their municipality." in html and "Mehmet – Groningen" in html


@pytest.mark.django_db
def test_choosing_no_municipality_withdraws_and_is_logged(client):
    user = UserFactory(role=SPECIALISTS)
    membership = request_on_profile(client, user, "GM0014")
    response = client.post(reverse("profile"), {"first_name": "Mehmet", "last_name": "", "municipality": ""})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=user).exists()
    assert "You have not chosen a municipality." in client.get(reverse("profile")).content.decode()
    assert list(ModelLogEntry.objects.filter(object_id=str(membership.pk), action__startswith="veldwerk.membership")
                .order_by("pk").values_list("action", flat=True)) == [
        "veldwerk.membership_requested", "veldwerk.membership_withdrawn",
    ]
