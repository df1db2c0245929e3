"""The journeys of the issue, each one test, in Chromium against the live server."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from fieldlabs.models import FieldlabIndexPage, FieldlabSessionPage
from ideas.models import IdeaPage
from ideas.submission import IdeaSubmissionForm, save_submission, submit_for_review
from tests.browser.site import DEMO_PASSWORD, log_in, log_in_to_admin, tab_to

pytestmark = pytest.mark.browser


def submitted_idea(title):
    """An idea the demo scout has submitted for review, as the public form would leave it."""
    scout = User.objects.get(username="scout")
    form = IdeaSubmissionForm({
        "title": title, "summary": f"Samenvatting van {title}.", "body": "Een idee.",
        "municipality": "GM0193", "found_via": "visit",
    })
    assert form.is_valid(), form.errors
    idea = save_submission(form, scout)
    submit_for_review(idea, scout)
    return idea


def test_scout_writes_and_submits_an_idea(page, tmp_path):
    attachment = tmp_path / "raadsvoorstel.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    log_in(page, "scout", next_path="/idee-aandragen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Idee aandragen")

    page.get_by_label("Titel:", exact=True).fill("Digitale huwelijksplanner voor kleine gemeenten")
    page.get_by_label("Samenvatting:", exact=True).fill("Bruidsparen plannen locatie, datum en trouwambtenaar online.")
    hint = page.get_by_role("complementary", name="Bestaat dit al?")
    expect(hint).to_be_visible()
    expect(hint.get_by_role("link", name=re.compile("Huwelijksplanner", re.I)).first).to_be_visible()

    page.get_by_label("Beschrijving:", exact=True).fill("## Aanpak\n\nWe koppelen **BRP** en de roosters.\n\n<script>alert(1)</script>")
    page.get_by_role("button", name="Voorbeeld van de beschrijving").click()
    preview = page.get_by_role("region", name="Voorbeeld")
    expect(preview.get_by_role("heading", name="Aanpak")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("BRP")
    expect(preview.locator("script")).to_have_count(0)

    page.get_by_label("Burgerzaken").check()
    page.get_by_label("Tags:", exact=True).fill("huwelijk, planning")
    page.get_by_label("Bijlage:", exact=True).set_input_files(attachment)
    page.get_by_role("button", name="Indienen ter beoordeling").click()

    expect(page.get_by_role("status")).to_contain_text("Uw idee is ingediend")
    row = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=re.compile("Digitale huwelijksplanner")))
    expect(row).to_contain_text("In beoordeling")
    idea = IdeaPage.objects.get(title="Digitale huwelijksplanner voor kleine gemeenten")
    assert not idea.live
    revision = idea.latest_revision.as_object()
    assert sorted(revision.tags.names()) == ["huwelijk", "planning"]
    assert [attachment.document.title for attachment in revision.attachments.all()] == ["raadsvoorstel.pdf"]


def test_editor_approves_a_submission_and_it_is_published(page):
    idea = submitted_idea("Afvalapp met ophaalkalender")
    response = page.goto("/ideeen/afvalapp-met-ophaalkalender/")
    assert response.status == 404

    log_in_to_admin(page, "redacteur")
    page.goto(f"/admin/pages/{idea.pk}/edit/")
    page.locator("footer").get_by_role("button", name=re.compile("Meer acties|More actions")).click()
    page.get_by_role("button", name="Goedkeuren en publiceren", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Afvalapp met ophaalkalender")
    expect(page.get_by_role("row", name=re.compile("Afvalapp met ophaalkalender"))).to_contain_text(re.compile("live", re.I))

    idea.refresh_from_db()
    assert idea.live
    page.goto(idea.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Afvalapp met ophaalkalender")


def test_specialist_finds_an_idea_discusses_it_and_registers_interest(page):
    log_in(page, "specialist", next_path="/zoeken/")
    search_box = page.get_by_role("combobox", name="Zoek in alle ideeën en fieldlabverslagen")
    search_box.fill("trouwlocatie reserveren")
    search_box.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"\d+ resulta(at|ten)"))).to_be_visible()

    facets = page.get_by_role("form", name="Verfijnen")
    facets.get_by_role("group", name="Soort").get_by_label(re.compile(r"^Idee \(\d+\)")).click()  # applies at once
    expect(page).to_have_url(re.compile("type=idea"))
    results = page.get_by_role("region", name=re.compile("resulta(at|ten)"))
    expect(results.get_by_role("article").filter(has_text="Fieldlab Huwelijksplanner")).to_have_count(0)
    results.get_by_role("link", name="Trouwlocatie en datum online reserveren met directe beschikbaarheid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouwlocatie en datum online reserveren met directe beschikbaarheid")

    discussion = page.get_by_role("region", name="Discussie")
    discussion.get_by_label("Uw reactie").fill("Wij willen dit ook in **Groningen**: welke roostersoftware gebruikt u?")
    discussion.get_by_role("button", name="Reactie plaatsen").click()
    comment = page.get_by_role("region", name="Discussie").get_by_role("article").filter(has_text="welke roostersoftware")
    expect(comment.locator(".comment__body strong")).to_have_text("Groningen")

    adoption = page.get_by_role("form", name="Registreren voor Groningen")
    adoption.get_by_label("Status:").select_option(label="interesse")
    adoption.get_by_role("button", name="Registreren").click()
    usage = page.get_by_role("region", name="Welke gemeenten gebruiken dit of willen het")
    expect(usage.get_by_role("listitem").filter(has_text="Groningen")).to_be_visible()

    page.get_by_role("region", name="Discussie").get_by_role("button", name="Volgen").click()
    expect(page.get_by_role("region", name="Discussie").get_by_role("button", name="Niet meer volgen")).to_be_visible()


def test_editor_publishes_a_fieldlab_report_with_participants(page):
    log_in_to_admin(page, "redacteur")
    page.goto(f"/admin/pages/add/fieldlabs/fieldlabsessionpage/{FieldlabIndexPage.objects.get().pk}/")
    page.locator("#id_title").fill("Fieldlab Digitale parkeervergunning")
    page.locator("#id_summary").fill("Acht gemeenten ontwerpen samen één digitale parkeervergunning.")
    page.locator("#id_starts_at").fill("2026-10-12 09:30")
    page.locator("#id_ends_at").fill("2026-10-12 16:00")
    page.keyboard.press("Escape")
    page.get_by_label("Gastgemeente").select_option(label="Utrecht")
    page.get_by_label("Deelnemende gemeenten").select_option(label=["Amersfoort", "Groningen", "Zwolle"])
    page.locator("#id_report").fill("## Uitkomst\n\nEén gedeeld ontwerp met **kentekencheck**.")
    page.locator("footer").get_by_role("button", name=re.compile("Meer acties|More actions")).click()
    page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Fieldlab Digitale parkeervergunning")

    fieldlab = FieldlabSessionPage.objects.get(title="Fieldlab Digitale parkeervergunning")
    assert fieldlab.live
    page.goto(fieldlab.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fieldlab Digitale parkeervergunning")
    participants = page.get_by_role("list", name=re.compile("deelnemende gemeenten"))
    for name in ("Amersfoort", "Groningen", "Zwolle"):
        expect(participants).to_contain_text(name)
    expect(page.get_by_role("heading", name="Uitkomst")).to_be_visible()


def test_visitor_browses_filters_searches_with_autocomplete_and_reads_a_report(page):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Ideeën").click()
    page.get_by_label("Thema", exact=True).select_option(label="Burgerzaken")
    page.get_by_role("button", name="Filters toepassen").click()
    cards = page.locator(".card__title")
    expect(cards.filter(has_text="Roosterplanner voor trouwambtenaren en BABS")).to_have_count(1)
    expect(cards.filter(has_text="Phishingoefeningen")).to_have_count(0)

    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    navigation.get_by_role("link", name="Fieldlabs").click()
    expect(page.locator(".card__title").filter(has_text="Fieldlab Huwelijksplanner")).to_have_count(1)
    navigation.get_by_role("link", name="Zoeken").click()
    box = page.get_by_role("combobox", name="Zoek in alle ideeën en fieldlabverslagen")
    box.press_sequentially("huwelijksp", delay=30)
    suggestions = page.locator(f"#{box.get_attribute('list')} option")
    expect(suggestions.first).to_be_attached()
    suggestion = next(value for value in (o.get_attribute("value") for o in suggestions.all()) if "Huwelijksplanner" in value)
    box.fill(suggestion)
    box.press("Enter")
    page.get_by_role("link", name="Fieldlab Huwelijksplanner", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fieldlab Huwelijksplanner")
    expect(page.get_by_role("list", name=re.compile("deelnemende gemeenten")).get_by_role("listitem")).to_have_count(15)


def test_keyboard_only_specialist_journey(page):
    page.goto("/inloggen/?next=/zoeken/")
    tab_to(page, page.get_by_label("Gebruikersnaam"))
    page.keyboard.type("specialist")
    tab_to(page, page.get_by_label("Wachtwoord"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/zoeken/$"))

    tab_to(page, page.get_by_role("combobox", name="Zoek in alle ideeën en fieldlabverslagen"))
    page.keyboard.type("babs rooster")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=babs\+rooster"))
    idea_box = page.get_by_role("group", name="Soort").get_by_label(re.compile(r"^Idee \(\d+\)"))
    tab_to(page, idea_box)
    page.keyboard.press("Space")  # applies at once; the focus stays on the box after the reload
    expect(page).to_have_url(re.compile("type=idea"))
    expect(idea_box).to_be_focused()
    tab_to(page, page.get_by_role("link", name="Roosterplanner voor trouwambtenaren en BABS"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Roosterplanner voor trouwambtenaren en BABS")

    discussion = page.get_by_role("region", name="Discussie")
    tab_to(page, discussion.get_by_label("Uw reactie"))
    page.keyboard.type("Draait dit ook zonder zaaksysteem?")
    tab_to(page, discussion.get_by_role("button", name="Reactie plaatsen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="Discussie").get_by_role("article").filter(has_text="zonder zaaksysteem")).to_have_count(1)
    page.wait_for_load_state()

    adoption = page.get_by_role("form", name="Registreren voor Groningen")
    tab_to(page, adoption.get_by_label("Status:"))
    page.keyboard.press("ArrowDown")
    expect(adoption.get_by_label("Status:")).to_have_value("pilot")
    tab_to(page, adoption.get_by_role("button", name="Registreren"))
    page.keyboard.press("Enter")
    usage = page.get_by_role("region", name="Welke gemeenten gebruiken dit of willen het")
    expect(usage.get_by_role("listitem").filter(has_text="Groningen")).to_be_visible()

    tab_to(page, page.get_by_role("region", name="Discussie").get_by_role("button", name="Volgen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="Discussie").get_by_role("button", name="Niet meer volgen")).to_be_visible()
