"""The Content-Security-Policy blocks nothing the site itself needs: Chromium reports no
violation and no "Refused to …" console error on any public page state or on the admin
pages the journeys use, and every page comes with the policy meant for it."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import IdeaIndexPage, IdeaPage
from tests.browser.site import log_in_to_admin
from tests.browser.test_accessibility import PAGE_STATES, open_state

pytestmark = pytest.mark.browser

# Init scripts run through the DevTools protocol, not as page scripts, so the policy does not
# block this one; it turns every violation event into a console error the test can collect.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", event => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
        + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});"""
POLICY_PROBLEM = re.compile(r"Content Security Policy|Refused to|CSP violation|Permissions-Policy", re.I)


@pytest.fixture
def violations(page):
    """Every CSP violation and refusal Chromium reports while the test runs, across navigations."""
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: POLICY_PROBLEM.search(message.text) and found.append(message.text))
    page.on("pageerror", lambda error: found.append(f"uncaught: {error}"))
    return found


@pytest.mark.parametrize("state", PAGE_STATES, ids=str)
def test_public_pages_run_under_the_strict_policy_without_violations(page, violations, state):
    headers = []
    page.on("response", lambda response: response.request.is_navigation_request() and headers.append(response.headers))
    open_state(page, state)
    page.wait_for_load_state("networkidle")
    assert violations == []
    policy = headers[-1]["content-security-policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-inline" not in policy
    assert "camera=()" in headers[-1]["permissions-policy"]


def test_scripts_still_work_under_the_policy(page, violations):
    """The site's own scripts (autocomplete, duplicate hint) are files, so the policy lets them run."""
    page.goto("/zoeken/")
    box = page.get_by_role("combobox", name="Zoek in alle ideeën en fieldlabverslagen")
    box.press_sequentially("huwelijksp", delay=30)
    expect(page.locator(f"#{box.get_attribute('list')} option").first).to_be_attached()  # fetched by autocomplete.js
    assert violations == []


def test_admin_journey_pages_run_under_the_admin_policy_without_violations(page, violations):
    idea = IdeaPage.objects.live().first()
    log_in_to_admin(page, "redacteur")
    for path in (
        "/admin/",
        f"/admin/pages/{IdeaIndexPage.objects.get().pk}/",
        f"/admin/pages/{idea.pk}/edit/",
        f"/admin/pages/{idea.pk}/history/",
        "/admin/documents/",
        "/admin/images/",
        "/admin/account/",
        "/admin/reports/site-history/",
        "/admin/workflows/list/",
    ):
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "'unsafe-inline'" in response.headers["content-security-policy"], path
        assert violations == [], path

    # The page editor's preview panel shows the page in a frame of the admin's own origin.
    page.goto(f"/admin/pages/{idea.pk}/edit/")
    page.locator('[data-side-panel-toggle="preview"]').click()
    expect(page.frame_locator("iframe").first.get_by_role("heading", level=1)).to_have_text(idea.title)
    # The document chooser opens as a modal with the admin's scripts.
    page.goto(f"/admin/pages/{idea.pk}/edit/")
    page.locator("#id_attachments-ADD").click()
    page.locator("#id_attachments-FORMS [data-chooser-action-choose]").last.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_scouts_admin_pages_run_without_violations(page, violations):
    log_in_to_admin(page, "scout")
    for path in ("/admin/", "/admin/documents/"):
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("networkidle")
    assert violations == []
