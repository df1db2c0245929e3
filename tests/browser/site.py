"""The content and accounts the live server starts with, and helpers the journeys share."""

from pathlib import Path

from demo.accounts import ensure_demo_accounts
from demo.management.commands.seed_demo import DEMO_CONTENT
from importer.pages import import_records
from importer.sources import read_records

DEMO_PASSWORD = "browser-test-password"


def seed_browser_site():
    report = import_records(read_records([DEMO_CONTENT]), publish=True)
    assert not report.problems, report.problems
    ensure_demo_accounts(DEMO_PASSWORD)


def log_in(page, username, password=DEMO_PASSWORD, next_path="/"):
    page.goto(f"/inloggen/?next={next_path}")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def log_in_to_admin(page, username, password=DEMO_PASSWORD):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def save_screenshots(page, directory: Path, name):
    """Write `name`-desktop.png and `name`-mobile.png (full page) for a person to look at."""
    original = page.viewport_size
    for width_name, size in (("desktop", {"width": 1280, "height": 900}), ("mobile", {"width": 375, "height": 812})):
        page.set_viewport_size(size)
        page.screenshot(path=directory / f"{name}-{width_name}.png", full_page=True)
    page.set_viewport_size(original)


FOCUSED_ELEMENT = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return null; }
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    return {
        html: element.outerHTML.slice(0, 120),
        indicated: outline || style.boxShadow !== "none",
    };
}"""


def tab_to(page, target, max_presses=250):
    """Press Tab until `target` has the focus, checking at every step that the focused element
    shows a visible focus indicator. Fails if `target` is never reached."""
    target.wait_for()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_ELEMENT)
        if focused is None:  # past the last element the focus leaves the page, then wraps
            continue
        assert focused["indicated"], f"no visible focus indicator on {focused['html']}"
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with {max_presses} presses of Tab")
