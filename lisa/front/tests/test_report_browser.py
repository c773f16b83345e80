"""Report a problem in Chromium: a Dutch-speaking resident with a phone photo, a resident using
the keyboard alone, and the form checked by axe-core in the three languages.

Screenshots of the form and of its confirmation, at 375 and 1280 px, in French and Dutch, are
saved to var/screenshots/ (report-fr-375.png, report-done-nl-1280.png, …).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import FilePayload, Page, expect

from lisa.lib.images import gps_position
from lisa.reports.actions import report_create
from lisa.reports.models import Attachment, Category, Report
from lisa.testing.axe import serious_violations

from .test_report import VAILLANCE, phone_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")


@pytest.fixture(autouse=True)
def _no_tiles(settings):
    # No tile server in the tests: the map shows the municipalities' outlines only.
    settings.LISA_TILE_URL = ""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_resident_reports_illegal_dumping_in_anderlecht_in_dutch_with_a_phone_photo(
    live_server, page: Page
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/nl/report/")
    page.get_by_text("Sluikstort", exact=True).click()
    # the sub-categories and the question of illegal dumping, and only those, appear
    expect(page.get_by_label("Grof huisvuil")).to_be_visible()
    expect(page.get_by_label("Straatlamp brandt niet")).to_be_hidden()
    page.get_by_label("Grof huisvuil").check()
    page.get_by_label("Op welke weg?").select_option("municipal")
    # a 12-megapixel photo, as phones take them
    photo = phone_photo(size=(4032, 3024), detailed=True)
    assert gps_position(photo) is not None
    page.set_input_files(
        "#report-photos",
        files=FilePayload(name="IMG_2041.jpg", mimeType="image/jpeg", buffer=photo),
    )
    # the browser sends it at once, at the size LISA keeps, and shows it back
    expect(page.locator("#report-kept-photos")).to_contain_text("IMG_2041.jpg")
    expect(page.locator("#report-photos")).to_have_value("")
    page.screenshot(path=SCREENSHOTS / "report-photo-nl-375.png", full_page=True)
    # the photo's position, read in the browser, puts the pin on the map
    expect(page.locator("#report-position")).to_contain_text("uit uw foto")
    expect(page.locator("#report-lat")).to_have_value(re.compile(r"^50\.8357"))
    page.get_by_label("Beschrijf het probleem").fill("Een matras en twee stoelen op de stoep.")
    page.get_by_role("button", name="Mijn melding versturen").click()

    expect(page).to_have_url(re.compile(r"/nl/report/done/$"))
    report = Report.objects.get()
    expect(page.get_by_text(report.reference)).to_be_visible()
    expect(page.locator(".follow-link a")).to_have_attribute("href", re.compile(r"/nl/follow/"))
    assert report.language == "nl"
    assert report.channel == "web"
    assert report.municipality.name_nl == "Anderlecht"
    assert (report.lat, report.lon) == pytest.approx(VAILLANCE, abs=1e-5)
    attachment = Attachment.objects.get(report=report)
    stored = attachment.file.read()
    assert gps_position(stored) is None
    assert b"DemoPhone" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) == 2048
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SCREENSHOTS / f"report-done-nl-{width}.png", full_page=True)

    # She follows it through the link she was given: its history, in Dutch.
    page.locator(".follow-link a").click()
    expect(page).to_have_url(re.compile(r"/nl/follow/[^/]+/$"))
    expect(page.locator("h1")).to_have_text(f"Uw melding {report.reference}")
    expect(page.locator("main")).to_contain_text("Grof huisvuil")
    # Her photo waits for staff to decide whether it may be shown: it is not served yet.
    assert page.locator("main img[src*='/photos/']").count() == 0


def test_a_keyboard_only_resident_reports_by_typing_an_address(live_server, page: Page):
    keyboard = page.keyboard
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fr/report/")

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} never had the focus")

    tab_to("input[name=category]")
    keyboard.press("ArrowRight")  # the first category is checked on arrival; the next one is
    keyboard.press("ArrowLeft")  # … and back to illegal dumping
    expect(page.locator("input[name=category]").first).to_be_checked()
    tab_to("#report-street")
    keyboard.type("Place de la Vaillance")
    keyboard.press("Tab")
    keyboard.type("12")
    tab_to("#report-description")
    keyboard.type("Des sacs poubelles éventrés sur le trottoir.")
    tab_to("button[type=submit]")
    keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/report/done/$"))
    report = Report.objects.get()
    assert report.address == "Place de la Vaillance 12, Anderlecht"
    expect(page.locator("#done-title")).to_be_visible()


def test_a_resident_adds_their_voice_to_the_same_problem_reported_nearby(live_server, page: Page):
    bulky = Category.objects.get(code="dumping-bulky")
    earlier = report_create(
        category=bulky,
        lat=VAILLANCE[0] + 0.0002,
        lon=VAILLANCE[1],
        address="Place de la Vaillance 10, Anderlecht",
        description="Encombrants devant le 10.",
        channel="desk",
    ).report
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/fr/report/")
    page.get_by_text("Dépôt clandestin", exact=True).click()
    page.get_by_label("Encombrants").check()
    page.get_by_label("Rue", exact=True).fill("Place de la Vaillance")
    page.get_by_label("Décrivez le problème").fill("Un vieux canapé sur le trottoir.")
    page.get_by_role("button", name="Envoyer mon signalement").click()

    expect(page.locator("#similar-title")).to_be_focused()
    expect(page.locator(".similar-list")).to_contain_text(earlier.reference)
    page.screenshot(path=SCREENSHOTS / "report-similar-fr-375.png", full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name=f"Moi aussi : rejoindre {earlier.reference}").click()

    expect(page).to_have_url(re.compile(r"/fr/report/done/$"))
    expect(page.locator("#done-title")).to_contain_text(earlier.reference)
    assert Report.objects.count() == 1
    assert earlier.reporters.filter(role="supporter").count() == 1


def test_a_point_at_sea_is_answered_in_the_pages_language_and_nothing_is_lost(
    live_server, page: Page
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/nl/report/")
    page.get_by_text("Sluikstort", exact=True).click()
    page.evaluate(
        "document.getElementById('report-lat').value = '51.35';"
        "document.getElementById('report-lon').value = '2.70';"
    )
    page.get_by_label("Beschrijf het probleem").fill("Afval op het strand.")
    page.set_input_files(
        "#report-photos",
        files=FilePayload(name="brief.jpg", mimeType="image/jpeg", buffer=b"Geen foto.\n" * 99),
    )
    expect(page.locator("#report-photo-errors")).to_contain_text("geen foto die LISA aanvaardt")
    page.get_by_role("button", name="Mijn melding versturen").click()
    expect(page.locator("#error")).to_contain_text("Brussels Hoofdstedelijk Gewest")
    expect(page.locator("#error")).to_be_focused()
    expect(page.get_by_label("Beschrijf het probleem")).to_have_value("Afval op het strand.")
    page.screenshot(path=SCREENSHOTS / "report-error-nl-1280.png", full_page=True)
    assert serious_violations(page) == []
    assert not Report.objects.exists()


def test_the_report_form_has_no_serious_accessibility_violation_and_is_photographed(
    live_server, page: Page
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("fr", "nl", "en"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/{language}/report/")
        page.locator("input[name=category]").first.check()
        assert serious_violations(page) == [], language
        if language == "en":
            continue
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=SCREENSHOTS / f"report-{language}-{width}.png", full_page=True)


def test_a_street_picked_from_the_suggestions_shows_on_the_map_and_the_server_places_it(
    live_server, page: Page
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/fr/report/")
    page.get_by_text("Dépôt clandestin", exact=True).click()
    page.get_by_label("Encombrants").check()
    page.get_by_label("Sur quelle voirie ?").select_option("municipal")
    street = page.locator("#report-street")
    street.fill("Place de la Vaill")
    expect(page.locator("#report-street-options option")).to_have_count(1)
    # choosing the suggestion, as a datalist does, puts the pin at the street and says so
    street.fill("Place de la Vaillance (Anderlecht)")
    expect(page.locator("#report-position")).to_have_text(
        "Place de la Vaillance (Anderlecht) — sur la carte."
    )
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(1)
    # the pin is only shown: the server places the report by the street and its number
    expect(page.locator("#report-lat")).to_have_value("")
    page.locator("#report-number").fill("12")
    page.locator("fieldset.where").screenshot(path=SCREENSHOTS / "report-street-fr-375.png")
    page.get_by_label("Décrivez le problème").fill("Un matelas sur le trottoir.")
    page.get_by_role("button", name="Envoyer mon signalement").click()
    expect(page).to_have_url(re.compile(r"/fr/report/done/$"))
    assert Report.objects.get().address == "Place de la Vaillance 12, Anderlecht"
