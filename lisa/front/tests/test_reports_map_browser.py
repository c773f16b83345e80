"""The public map of reports in Chromium: clusters to zoom into, a report's popup, the tables.

axe-core finds no serious or critical violation in French, Dutch and English, and the page
runs under the Content-Security-Policy. Screenshots at 375 and 1280 px, in French and Dutch,
are saved to test-results/ (map-fr-375.png, map-nl-1280.png, …).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel
from lisa.testing.axe import serious_violations
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")
ANDERLECHT = [
    VAILLANCE,
    (50.838741, 4.311688),  # rue Auber
    (50.84105, 4.333065),  # avenue Clemenceau
    (50.834503, 4.291842),  # rue De Coster
]
DISPUTE = "Les voisins du deuxième crient toutes les nuits."
TOTAL = {"fr": "Signalements dans cette vue", "nl": "Meldingen in dit beeld", "en": "Reports in"}


def open_map(browser: Browser, base: str, language: str, width: int) -> tuple[Page, list[str]]:
    context = browser.new_context(
        locale=f"{language}-BE", viewport={"width": width, "height": 900}, device_scale_factor=1
    )
    # The map asks OpenStreetMap for tiles: nothing leaves the machine in a test.
    context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{base}/{language}/map/", wait_until="networkidle")
    expect(page.locator("#map-status")).to_contain_text(TOTAL[language])
    return page, console


@pytest.fixture
def reports(db) -> None:
    for place in ANDERLECHT:
        # the light some forty metres north of the waste: apart at street level
        for code, north in (("dumping-bulky", 0), ("lighting-out", 0.0004)):
            report_create(
                category=Category.objects.get(code=code),
                lat=place[0] + north,
                lon=place[1],
                description="Demo: un problème sur la voie publique.",
                channel=Channel.WEB,
                notify=False,
            )
    report_create(
        category=Category.objects.get(code="neighbourhood-dispute"),
        lat=GRAND_PLACE[0],
        lon=GRAND_PLACE[1],
        description=DISPUTE,
        channel=Channel.WEB,
        notify=False,
    )


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_resident_reads_the_map_in_their_language(live_server, browser, reports, language):
    RESULTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page, console = open_map(browser, live_server.url, language, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Eight public reports; the dispute on the Grand-Place is nowhere, not even as a 1.
        expect(page.locator("#map-status")).to_contain_text("8")
        clusters = page.locator("#reports-map .map-cluster")
        expect(clusters.first).to_be_visible()
        assert sum(int(text) for text in clusters.all_inner_texts()) == 8
        assert DISPUTE not in page.content()
        assert serious_violations(page) == []
        assert [text for text in console if "Content Security Policy" in text] == []
        if language != "en":
            page.screenshot(path=RESULTS / f"map-{language}-{width}.png", full_page=True)
        page.context.close()


def test_a_keyboard_user_zooms_into_a_cluster_and_reads_a_report(live_server, browser, reports):
    page, _console = open_map(browser, live_server.url, "nl", 1280)

    # A cluster is a button: Enter zooms in on it, until single reports show.
    shown = page.locator("#reports-map")
    for _ in range(4):
        if page.locator("#reports-map .map-report").count():
            break
        cluster = page.locator("#reports-map .map-cluster").first
        expect(cluster).to_have_attribute("aria-label", re.compile("meldingen hier: inzoomen"))
        zoom = shown.get_attribute("data-shown-zoom")
        cluster.focus()
        page.keyboard.press("Enter")
        expect(shown).not_to_have_attribute("data-shown-zoom", zoom or "")
        expect(page.locator("#map-status")).to_contain_text(TOTAL["nl"])
        page.wait_for_load_state("networkidle")
    point = page.locator("#reports-map .map-report").first
    expect(point).to_be_visible()
    point.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(re.compile("Grof huisvuil|Straatlamp brandt niet"))
    expect(popup).to_contain_text("nieuw")
    expect(popup).to_contain_text("(Anderlecht)")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    assert serious_violations(page) == []
    page.screenshot(path=RESULTS / "map-nl-1280-popup.png")
    page.context.close()


def test_the_page_without_javascript_lists_the_counts_and_filters(live_server, browser, reports):
    context = browser.new_context(locale="fr-BE", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/map/", wait_until="networkidle")

    page.get_by_label("Catégorie", exact=True).select_option("lighting-out")
    page.get_by_label("Commune", exact=True).select_option(label="Anderlecht")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state("networkidle")

    assert "category=lighting-out" in page.url
    row = page.locator("table.map-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Anderlecht")
    expect(row).to_contain_text("moins de 5")
    expect(page.locator(".latest-reports li")).to_have_count(4)
    expect(page.locator(".latest-reports li").first).to_contain_text("Lampadaire éteint")
    context.close()
