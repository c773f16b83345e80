"""The desk in Chromium: a walk-in registered with the keyboard alone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lisa.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")


@pytest.fixture
def browser_context_args(browser_context_args):
    # A Brussels desk whose browser speaks French.
    return {**browser_context_args, "locale": "fr-BE"}


def test_the_anderlecht_desk_agent_registers_a_walk_in_with_the_keyboard_alone(
    live_server, page: Page, alice
):
    keyboard = page.keyboard
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    # the sign-in form starts in the username field
    expect(page.get_by_label("Nom d'utilisateur")).to_be_focused()
    keyboard.type("alice")
    keyboard.press("Tab")
    keyboard.type("correct horse battery staple")
    keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/staff/desk/$"))
    expect(page.get_by_label("Au guichet")).to_be_focused()
    page.screenshot(path=RESULTS / "desk-fr-1280.png", full_page=True)

    keyboard.press("Tab")
    keyboard.type("vaillance")
    expect(page.get_by_role("option", name="Place de la Vaillance (Anderlecht)")).to_be_visible()
    page.screenshot(path=RESULTS / "desk-fr-1280-street-list.png")
    keyboard.press("ArrowDown")
    keyboard.press("Enter")
    expect(page.get_by_label("Rue", exact=True)).to_have_value("Place de la Vaillance (Anderlecht)")
    keyboard.press("Tab")
    keyboard.type("12")
    keyboard.press("Tab")
    keyboard.type("encombr")
    expect(page.get_by_role("option", name="Dépôt clandestin › Encombrants")).to_be_visible()
    keyboard.press("ArrowDown")
    keyboard.press("Enter")
    keyboard.press("Tab")  # the category's question: which road?
    expect(page.get_by_label("Sur quelle voirie ?")).to_be_focused()
    keyboard.press("ArrowDown")  # a neighbourhood street
    keyboard.press("Tab")
    keyboard.type("Un matelas et deux chaises devant le numéro 12.")
    keyboard.press("Tab")  # the resident's language: French
    keyboard.press("Tab")  # the agreement to keep contact details: not given
    keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer le signalement")).to_be_focused()
    keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/staff/reports/.+/receipt/$"))
    report = Report.objects.get()
    expect(page.get_by_role("heading", name=re.compile(report.reference)).first).to_be_visible()
    expect(page.locator(".routed")).to_contain_text("Transmis à Anderlecht – Propreté publique")
    expect(page.locator(".receipt")).to_contain_text("règle 20")
    assert report.channel == "desk"
    assert report.attributes == {"road": "municipal"}
    assert report.address == "Place de la Vaillance 12, Anderlecht"
    assert not report.reporters.exists()
    page.screenshot(path=RESULTS / "receipt-fr-1280.png", full_page=True)

    receipt = page.url
    for language in ("fr", "nl"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/staff/desk/")
            page.screenshot(path=RESULTS / f"desk-{language}-{width}.png", full_page=True)
            page.goto(f"{receipt}?lang={language}")
            page.screenshot(path=RESULTS / f"receipt-{language}-{width}.png", full_page=True)
    expect(page.locator(".receipt")).to_contain_text("Ontvangstbewijs van uw melding")
