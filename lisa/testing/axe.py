"""axe-core in the browser tests: the accessibility problems that must not ship."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def serious_violations(page: Page, *, open_details: bool = False) -> list[str]:
    """Return the serious and critical axe-core violations of the page, one line each.

    `open_details` opens every <details> first, so that the forms folded in them are checked.
    """
    if open_details:
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
