import html
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from fieldlabs.models import FieldlabSessionPage
from core.drafts import latest_draft, save_draft
from ideas.models import IdeaPage


@pytest.mark.django_db
def test_demo_content_loads_through_the_importer_and_is_idempotent(capsys, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo")
    first = capsys.readouterr().out
    assert "0 failed" in first
    ideas = IdeaPage.objects.live()
    sessions = FieldlabSessionPage.objects.live()
    assert 25 <= ideas.count() <= 40
    assert 5 <= sessions.count() <= 8
    assert ideas.values("municipality").distinct().count() >= 15

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert "0 created, 0 updated" in second
    assert IdeaPage.objects.count() == ideas.count()


@pytest.mark.django_db
def test_demo_has_the_huwelijksplanner_fieldlab_with_fifteen_municipalities(client):
    call_command("seed_demo")
    session = FieldlabSessionPage.objects.get(title__icontains="Huwelijksplanner")
    assert session.participants.count() == 15
    assert session.related_ideas.count() >= 2
    assert session.decisions.exists()
    response = client.get(session.url)
    assert response.status_code == 200
    assert "Huwelijksplanner" in response.content.decode()


@pytest.mark.django_db
def test_demo_tags_keep_the_case_they_are_written_in(client, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    call_command("seed_demo")
    call_command("search_index", "rebuild", verbosity=0)
    body = client.get("/zoeken/?tag=brp&tag=digid&tag=zgw-apis&tag=kcc").content.decode()
    labels = re.findall(r'name="tag" value="[^"]*" checked>\s*<label[^>]*>([^<]*?) <span', body)
    assert sorted(html.unescape(label) for label in labels) == ["BRP", "DigiD", "KCC", "ZGW API's"]


@pytest.mark.django_db
def test_demo_accounts_exist_only_in_development(settings, tmp_path, capsys, monkeypatch):
    settings.BASE_DIR = tmp_path
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.exists()
    assert "only in development" in capsys.readouterr().out

    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert set(User.objects.values_list("username", flat=True)) == {"scout", "specialist", "redacteur", "admin"}
    password = (tmp_path / "var" / "demo-password.txt").read_text().strip()
    assert password in output
    assert User.objects.get(username="redacteur").check_password(password)
    assert User.objects.get(username="scout").groups.filter(name="Talentscouts").exists()
    assert User.objects.get(username="specialist").profile.municipality.code == "GM0014"  # can register adoptions

    call_command("seed_demo")
    assert password not in capsys.readouterr().out  # printed once


@pytest.mark.django_db
def test_running_seed_demo_again_keeps_what_editors_did(client, settings, tmp_path, capsys):
    """`make run` seeds on every start: an editor's unpublish and unreviewed draft must survive it."""
    settings.BASE_DIR = tmp_path
    call_command("seed_demo")
    admin = User.objects.create_superuser("beheer", "beheer@example.org", "correct horse battery")
    taken_down, edited = IdeaPage.objects.live().order_by("pk")[:2]
    url = taken_down.url
    client.force_login(admin)
    client.post(f"/admin/pages/{taken_down.pk}/unpublish/")
    draft = latest_draft(edited)
    draft.title = "Nog niet nagekeken titel"
    save_draft(draft, user=admin)
    client.logout()

    call_command("seed_demo")

    assert "0 created, 0 updated" in capsys.readouterr().out
    assert client.get(url).status_code == 404
    edited.refresh_from_db()
    assert edited.title != "Nog niet nagekeken titel"
    assert "Nog niet nagekeken titel" not in client.get(edited.url).content.decode()


@pytest.mark.django_db
def test_demo_accounts_end_up_confirmed_members():
    from accounts.models import Membership
    from demo.accounts import ensure_demo_accounts

    ensure_demo_accounts("demo wachtwoord 1")
    specialist = User.objects.get(username="specialist")
    Membership.objects.filter(user=specialist).update(status="requested")  # as the migration leaves a chosen municipality
    ensure_demo_accounts("demo wachtwoord 1")
    assert {(m.user.username, m.municipality.code, m.status) for m in Membership.objects.all()} == {
        ("specialist", "GM0014", "confirmed"), ("scout", "GM0193", "confirmed"),
    }
