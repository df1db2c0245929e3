import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def switch_language(page, language):
    page.get_by_label(re.compile("^(Taal|Language)$")).select_option(label=language)
    page.get_by_role("button", name=re.compile("^(Wisselen|Switch)$")).click()


def test_dutch_first_english_selectable_and_back(page):
    page.goto("/fieldlabs/fieldlab-huwelijksplanner/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("time").first).to_have_text("donderdag 12 maart 2026, 09:30")

    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile("/fieldlabs/fieldlab-huwelijksplanner/$"))
    expect(page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Ideas")).to_be_visible()
    expect(page.locator("time").first).to_have_text(re.compile("^Thursday 12 March 2026"))

    switch_language(page, "Nederlands")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Ideeën")).to_be_visible()
