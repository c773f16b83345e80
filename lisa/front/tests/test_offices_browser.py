"""In Chromium: a resident finds the office that covers their street, in the three languages."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lisa.offices.models import Office, OpeningHours, PartnerHelp
from lisa.testing.axe import serious_violations
from lisa.testing.personas import organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")
WAYEZ = (50.835757, 4.312303)  # Rue Wayez, Anderlecht: in the test office's catchment
TYPED = {"fr": "Rue Wayez 12", "nl": "Wayezstraat 12", "en": "Rue Wayez 12"}
OFFICE_NAME = {
    "fr": "Antenne Vaillance (test)",
    "nl": "Antenne Dapperheid (test)",
    "en": "Antenne Vaillance (test)",
}
HELP = {
    "fr": "Dépôt de plainte sur rendez-vous",
    "nl": "Klacht indienen op afspraak",
    "en": "Filing a complaint by appointment",
}


@pytest.fixture
def vaillance(anderlecht_office: Office) -> Office:
    anderlecht_office.phone = "+32 2 555 01 23"
    anderlecht_office.email = "vaillance@lisa-demo.example.org"
    anderlecht_office.address_fr = "Place de la Vaillance 27"
    anderlecht_office.address_nl = "Dapperheidsplein 27"
    anderlecht_office.save()
    OpeningHours.objects.bulk_create(
        OpeningHours(office=anderlecht_office, weekday=day, opens=opens, closes=closes)
        for day in range(5)
        for opens, closes in ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(16, 30)))
    )
    police = organisation("police-5341")
    anderlecht_office.partners.add(police)
    PartnerHelp.objects.create(
        office=anderlecht_office,
        organisation=police,
        help_fr=HELP["fr"],
        help_nl=HELP["nl"],
        help_en=HELP["en"],
    )
    return anderlecht_office


def no_tiles(page: Page) -> Page:
    # No tile request leaves the machine: the municipality outlines give the map its bearings.
    page.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())
    return page


def test_a_resident_finds_the_office_that_covers_their_street(
    live_server, browser: Browser, vaillance
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("fr", "nl", "en"):
        context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
        page = no_tiles(context.new_page())
        page.goto(f"{live_server.url}/{language}/offices/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".office-list")).to_contain_text(OFFICE_NAME[language])
        assert serious_violations(page) == [], language

        street = page.locator("#street")
        street.press_sequentially("Wayez", delay=30)
        # The public street search suggests the street as they type.
        expect(page.locator("#street-suggestions option")).to_have_count(1)
        street.fill(TYPED[language])
        street.press("Enter")

        answer = page.locator("#coverage-answer")
        expect(answer).to_contain_text(OFFICE_NAME[language])
        expect(answer.locator('a[href="tel:+3225550123"]')).to_be_visible()
        expect(answer).to_be_focused()
        assert serious_violations(page) == [], language
        if language != "en":
            page.screenshot(path=SCREENSHOTS / f"offices-{language}-1280.png", full_page=True)
            page.set_viewport_size({"width": 375, "height": 800})
            page.screenshot(path=SCREENSHOTS / f"offices-{language}-375.png", full_page=True)

        answer.locator(f"a[href='/{language}/offices/test-vaillance/']").click()
        expect(page.locator("h1")).to_have_text(OFFICE_NAME[language])
        expect(page.locator(".partners")).to_contain_text(HELP[language])
        expect(page.locator(".open-state")).to_be_visible()
        assert serious_violations(page) == [], language
        if language != "en":
            page.screenshot(path=SCREENSHOTS / f"office-{language}-375.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=SCREENSHOTS / f"office-{language}-1280.png", full_page=True)
        context.close()


def test_a_resident_on_a_phone_finds_their_lisa_from_where_they_stand(
    live_server, browser: Browser, vaillance
):
    context = browser.new_context(
        locale="nl",
        viewport={"width": 375, "height": 800},
        geolocation={"latitude": WAYEZ[0], "longitude": WAYEZ[1]},
        permissions=["geolocation"],
    )
    page = no_tiles(context.new_page())
    page.goto(f"{live_server.url}/nl/offices/")

    page.get_by_role("button", name="Mijn locatie gebruiken").click()

    expect(page.locator("#coverage-answer")).to_contain_text("Antenne Dapperheid (test)")
    context.close()


def test_a_resident_who_refuses_to_share_their_position_is_asked_for_their_street(
    live_server, browser: Browser, vaillance
):
    context = browser.new_context(locale="fr", viewport={"width": 375, "height": 800})
    page = no_tiles(context.new_page())
    page.goto(f"{live_server.url}/fr/offices/")

    page.get_by_role("button", name="Utiliser ma position").click()

    expect(page.locator("#pin-hint")).to_have_text(
        "Votre position n'est pas disponible : tapez plutôt votre rue."
    )
    expect(page.locator("#street")).to_be_focused()
    context.close()
