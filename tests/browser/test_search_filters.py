"""The search page's filters and result facts in Chromium: filters apply when a box is ticked,
active filters can be removed one by one, selected values sit on top, each hit shows its facts,
and without JavaScript the same form works with its buttons."""

import re

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from playwright.sync_api import expect

from adoptions.models import Adoption
from ideas.models import IdeaPage

pytestmark = pytest.mark.browser

IDEA_BOX = re.compile(r"^Idee \(\d+\)")


def test_ticking_a_box_applies_the_filter_and_its_remove_link_takes_it_away(page):
    page.goto("/zoeken/?q=huwelijk")
    facets = page.get_by_role("form", name="Verfijnen")
    expect(facets.get_by_role("button", name="Toepassen")).to_be_hidden()
    expect(facets).to_contain_text("De resultaten veranderen zodra u een vakje aanvinkt")

    facets.get_by_role("group", name="Soort").get_by_label(IDEA_BOX).click()
    expect(page).to_have_url(re.compile(r"q=huwelijk&type=idea"))
    expect(page.get_by_role("group", name="Soort").get_by_label(IDEA_BOX)).to_be_focused()
    expect(page.locator("[data-results-status]")).to_have_text(re.compile(r"^\d+ resulta(at|ten)"))
    results = page.get_by_role("region", name=re.compile("resulta(at|ten)"))
    expect(results.get_by_role("article", name="Fieldlab Huwelijksplanner")).to_have_count(0)

    active = page.get_by_role("region", name="Actieve filters")
    active.get_by_role("link", name="Filter verwijderen Soort: Idee").click()
    expect(page).not_to_have_url(re.compile("type="))
    expect(page).to_have_url(re.compile(r"q=huwelijk"))
    expect(page.get_by_role("region", name="Actieve filters")).to_have_count(0)
    expect(results.get_by_role("article", name="Fieldlab Huwelijksplanner")).to_have_count(1)


def test_a_selected_value_moves_to_the_top_of_its_group(page):
    page.goto("/zoeken/?q=huwelijk")
    tags = page.get_by_role("group", name="Tag").get_by_role("checkbox")
    last = tags.last
    label = re.sub(r" \(\d+\)$", "", last.evaluate("box => box.labels[0].textContent.trim()"))
    last.click()
    expect(page).to_have_url(re.compile(r"tag="))
    first = page.get_by_role("group", name="Tag").get_by_role("checkbox").first
    expect(first).to_be_checked()
    expect(first).to_be_focused()
    expect(page.get_by_role("group", name="Tag").locator("label").first).to_have_text(re.compile(f"^{re.escape(label)} "))
    expect(page.get_by_role("region", name="Actieve filters")).to_contain_text(f"Tag: {label}")


def test_each_hit_shows_type_status_origin_adoptions_and_last_update(page):
    idea = IdeaPage.objects.get(title__startswith="Chatbot voor veelgestelde vragen")
    adoptions = Adoption.objects.filter(idea=idea)
    counts = {status: adoptions.filter(status=status).count() for status in ("production", "pilot", "interest")}
    with translation.override("nl"):
        status = capfirst(idea.get_status_display())
        updated = date_format(localtime(idea.last_published_at), "j F Y")

    page.goto("/zoeken/?q=chatbot")
    hit = page.get_by_role("article", name=idea.title)
    facts = hit.get_by_role("definition")
    expect(hit.get_by_role("term")).to_have_text(["Soort", "Status", "Herkomst", "Gebruikt door", "Laatst bijgewerkt"])
    expect(facts).to_have_text([
        "Idee",
        status,
        idea.municipality.name,
        f"{counts['production']} in productie, {counts['pilot']} in pilot, {counts['interest']} met interesse",
        updated,
    ])


def test_choosing_most_adopted_sorts_at_once(page):
    page.goto("/zoeken/?q=gemeente")
    results = page.get_by_role("region", name=re.compile("resulta(at|ten)"))
    results.get_by_label("Sorteren op").select_option(label="Meest gebruikt")
    expect(page).to_have_url(re.compile(r"sorteer=adoptions"))
    expect(page.get_by_label("Sorteren op")).to_be_focused()
    expect(page.get_by_label("Sorteren op")).to_have_value("adoptions")


def test_without_javascript_the_buttons_apply_filters_and_sort(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/zoeken/?q=huwelijk")
        facets = page.get_by_role("form", name="Verfijnen")
        facets.get_by_role("group", name="Soort").get_by_label(IDEA_BOX).check()
        expect(page).to_have_url(re.compile(r"q=huwelijk$"))  # nothing happens before the button
        facets.get_by_role("button", name="Toepassen").click()
        expect(page).to_have_url(re.compile(r"type=idea"))
        expect(page.get_by_role("region", name="Actieve filters").get_by_role("link", name=re.compile("Soort: Idee"))).to_be_visible()

        page.get_by_label("Sorteren op").select_option(label="Meest gebruikt")
        page.get_by_role("button", name="Sorteren", exact=True).click()
        expect(page).to_have_url(re.compile(r"type=idea.*sorteer=adoptions"))
    finally:
        context.close()
