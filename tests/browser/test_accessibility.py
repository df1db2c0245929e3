"""WCAG 2.1 AA on every page type and state: axe-core's A/AA rules, plus what axe cannot see
(heading order, reflow at 320 px and at 200 % zoom, target sizes, links not told apart by
colour alone, error messages tied to their fields, skip link, reduced motion), and that every
page loads from the site itself only and shows no untranslated English.

Each page state also leaves a desktop and a mobile screenshot in var/screenshots/."""

import re
from dataclasses import dataclass
from typing import Callable

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import wcag_violations
from tests.browser.site import log_in, save_screenshots, tab_to

pytestmark = pytest.mark.browser


def submit_empty_idea(page):
    page.get_by_role("button", name="Indienen ter beoordeling").click()


def post_empty_comment(page):
    page.get_by_role("region", name="Discussie").get_by_role("button", name="Reactie plaatsen").click()


def fail_to_log_in(page):
    page.get_by_label("Gebruikersnaam").fill("specialist")
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()


def register_bad_date(page):
    form = page.get_by_role("form", name="Registreren voor Groningen")
    form.get_by_label("Sinds:").fill("31-02-2026")
    form.get_by_role("button", name="Registreren").click()


@dataclass(frozen=True)
class PageState:
    name: str
    path: str
    user: str | None = None
    action: Callable | None = None
    expected_status: int = 200

    def __str__(self):
        return self.name


IDEA = "/ideeen/roosterplanner-voor-trouwambtenaren-en-babs/"
FIELDLAB = "/fieldlabs/fieldlab-huwelijksplanner/"

PAGE_STATES = [
    PageState("home", "/"),
    PageState("idea-listing", "/ideeen/"),
    PageState("idea-listing-filtered", "/ideeen/?thema=burgerzaken&status=reusable"),
    PageState("idea-listing-bad-filter", "/ideeen/?gemeente=GM9999"),
    PageState("fieldlab-listing", "/fieldlabs/"),
    PageState("fieldlab-listing-filtered", "/fieldlabs/?thema=burgerzaken"),
    PageState("idea", IDEA),
    PageState("idea-logged-in", IDEA, user="specialist"),
    PageState("comment-form-with-error", IDEA, user="specialist", action=post_empty_comment, expected_status=400),
    PageState("adoption-form-with-error", IDEA, user="specialist", action=register_bad_date, expected_status=400),
    PageState("fieldlab", FIELDLAB),
    PageState("search-empty", "/zoeken/"),
    PageState("search-results", "/zoeken/?q=huwelijk+plannen"),
    PageState("search-results-filtered", "/zoeken/?q=huwelijk&type=idea&thema=burgerzaken"),
    PageState("search-no-results", "/zoeken/?q=zzzyyyxxx"),
    PageState("search-suggestion", "/zoeken/?q=trouwambtenarren"),
    PageState("submit-idea", "/idee-aandragen/", user="scout"),
    PageState("submit-idea-with-errors", "/idee-aandragen/", user="scout", action=submit_empty_idea, expected_status=400),
    PageState("my-ideas", "/mijn-ideeen/", user="scout"),
    PageState("profile", "/profiel/", user="specialist"),
    PageState("login", "/inloggen/"),
    PageState("login-with-error", "/inloggen/", action=fail_to_log_in, expected_status=200),
    PageState("password-reset", "/wachtwoord/vergeten/"),
    PageState("accessibility-statement", "/toegankelijkheid/"),
    PageState("not-found", "/bestaat-niet/", expected_status=404),
    PageState("permission-denied", "/uitnodigen/", user="specialist", expected_status=403),
]


def open_state(page, state):
    if state.user:
        log_in(page, state.user)
    response = page.goto(state.path)
    if state.action:
        with page.expect_navigation() as navigation:
            state.action(page)
        response = navigation.value
    page.wait_for_load_state()
    assert response.status == state.expected_status, f"{state.path}: HTTP {response.status}"


HEADING_OUTLINE = """() => Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
    .filter(h => h.getClientRects().length)
    .map(h => Number(h.tagName[1]))"""

HORIZONTAL_OVERFLOW = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""

SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary"))
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
    .filter(e => !(e.tagName === "A" && getComputedStyle(e).display === "inline"))  // inline-link exception
    .filter(e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
    .map(e => e.outerHTML.slice(0, 100))"""

# Words that are English but not Dutch: on a Dutch page they betray an untranslated string.
ENGLISH_WORDS = re.compile(r"\b(the|and|you|your|please|search|submit|login|password|results?|comments?|ideas)\b", re.IGNORECASE)

LINKS_WITHOUT_UNDERLINE = """() => Array.from(document.querySelectorAll("main p a, main li a, main td a, main dd a"))
    .filter(a => getComputedStyle(a).display === "inline")
    .filter(a => !getComputedStyle(a).textDecorationLine.includes("underline"))
    .map(a => a.outerHTML.slice(0, 100))"""


@pytest.mark.parametrize("state", PAGE_STATES, ids=str)
def test_page_meets_wcag_21_aa(page, state, screenshot_dir, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_state(page, state)
    assert [url for url in requested if not url.startswith(base_url)] == [], "loaded from another host"
    assert wcag_violations(page) == []

    outline = page.evaluate(HEADING_OUTLINE)
    assert outline.count(1) == 1, f"one h1 per page, found {outline}"
    assert outline[0] == 1, f"the page starts with its h1: {outline}"
    skipped = [(a, b) for a, b in zip(outline, outline[1:]) if b > a + 1]
    assert skipped == [], f"heading levels skipped: {outline}"

    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate(LINKS_WITHOUT_UNDERLINE) == []
    interface_text = page.locator("header, main, footer").all_inner_texts()
    assert ENGLISH_WORDS.findall(" ".join(interface_text)) == [], "untranslated interface text"

    save_screenshots(page, screenshot_dir, state.name)
    for width in (640, 320):  # 200 % zoom of a 1280 px window; 400 % (WCAG 1.4.10 reflow)
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0, f"horizontal scrolling at {width} px"


def described_by_text(field):
    """The text of the elements a field's aria-describedby points to."""
    return field.evaluate("""f => (f.getAttribute("aria-describedby") || "").split(/\\s+/)
        .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(" ")""")


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/ideeen/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_idea_form_errors_are_announced_and_lead_to_their_fields(page):
    log_in(page, "scout", next_path="/idee-aandragen/")
    page.get_by_label("Samenvatting:", exact=True).fill("Alleen een samenvatting.")
    page.get_by_role("button", name="Indienen ter beoordeling").click()

    summary = page.get_by_role("alert").filter(has_text="Uw idee is nog niet opgeslagen")
    expect(summary).to_be_focused()
    title = page.get_by_label("Titel:", exact=True)
    expect(title).to_have_attribute("aria-invalid", "true")
    assert "verplicht" in described_by_text(title)
    summary.get_by_role("link", name=re.compile("^Titel")).click()
    expect(title).to_be_focused()
    expect(page.get_by_label("Samenvatting:", exact=True)).to_have_value("Alleen een samenvatting.")


def test_comment_and_login_errors_are_tied_to_their_fields(page):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("specialist")
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    password = page.get_by_label("Wachtwoord")
    expect(password).to_have_attribute("aria-invalid", "true")
    assert "gebruikersnaam" in described_by_text(password).lower()

    log_in(page, "specialist", next_path="/ideeen/roosterplanner-voor-trouwambtenaren-en-babs/")
    discussion = page.get_by_role("region", name="Discussie")
    discussion.get_by_role("button", name="Reactie plaatsen").click()
    body = page.get_by_role("region", name="Discussie").get_by_label("Uw reactie")
    expect(body).to_have_attribute("aria-invalid", "true")
    assert described_by_text(body).strip(), "the comment error is not tied to its field"


def test_every_focus_stop_shows_a_visible_indicator(page):
    log_in(page, "specialist", next_path="/ideeen/roosterplanner-voor-trouwambtenaren-en-babs/")
    footer_link = page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheidsverklaring")
    tab_to(page, footer_link, max_presses=400)


@pytest.mark.parametrize("preference, scroll_behaviour, transition", [
    ("no-preference", "smooth", "0.15s"),
    ("reduce", "auto", "0s"),
])
def test_motion_follows_the_reduced_motion_preference(page, preference, scroll_behaviour, transition):
    page.emulate_media(reduced_motion=preference)
    page.goto("/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == scroll_behaviour
    button = page.get_by_role("main").get_by_role("button", name="Zoeken")
    assert button.evaluate("b => getComputedStyle(b).transitionDuration").split(",")[0] == transition


def test_fieldlab_report_prints_without_navigation(page, screenshot_dir):
    page.goto("/fieldlabs/fieldlab-huwelijksplanner/")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdnavigatie")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Discussie")).to_be_hidden()
    page.pdf(path=screenshot_dir / "fieldlab-print.pdf", format="A4")


def test_on_a_phone_search_results_are_one_link_away_from_the_top(page):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/zoeken/?q=huwelijk")
    link = page.get_by_role("link", name=re.compile(r"^Naar de \d+ resultaten$"))
    expect(link).to_be_in_viewport()
    link.click()
    results = page.get_by_role("region", name=re.compile(r"\d+ resultaten"))
    expect(results).to_be_focused()
    expect(results.get_by_role("article").first).to_be_in_viewport()


def error_message_is_focused_and_in_view(page, message):
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()


def test_a_failed_comment_or_adoption_brings_its_error_into_view_and_focus(page):
    log_in(page, "specialist", next_path=IDEA)
    post_empty_comment(page)
    error_message_is_focused_and_in_view(page, page.locator("#comment-errors-new"))
    page.goto(IDEA)
    register_bad_date(page)
    error_message_is_focused_and_in_view(page, page.locator("#adoption-errors"))


def test_my_ideas_reflows_on_a_narrow_phone(page):
    from tests.browser.test_journeys import submitted_idea

    submitted_idea("Gemeentebrede digitale aanvraagstraat voor evenementenvergunningen en ontheffingen")
    log_in(page, "scout", next_path="/mijn-ideeen/")
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/mijn-ideeen/")
        expect(page.get_by_text("evenementenvergunningen", exact=False).first).to_be_visible()
        assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0, f"/mijn-ideeen/ scrolls sideways at {width} px"
