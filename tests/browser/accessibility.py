"""axe-core (bundled by axe-playwright-python) with the WCAG 2.0/2.1 A and AA rule tags."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def wcag_violations(page):
    """axe's violations on the page as it is now, one readable line per failing element."""
    response = _axe.run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} — {node['failureSummary']}"
        for violation in response["violations"]
        for node in violation["nodes"]
    ]
