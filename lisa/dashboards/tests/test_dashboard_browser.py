"""The region dashboard in Chromium: an analyst filters it and downloads the XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from lisa.testing.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")


@pytest.fixture(autouse=True)
def _no_tiles(settings):
    # The map's tiles would come from the internet; the outlines and numbers are LISA's.
    settings.LISA_TILE_URL = ""


def _cells(page: Page, table: str) -> list[list[str]]:
    rows = page.locator(f"#table-{table} tbody tr")
    return [
        [cell.strip() for cell in rows.nth(index).locator("th, td").all_inner_texts()]
        for index in range(rows.count())
    ]


def test_an_analyst_filters_the_region_and_downloads_the_same_numbers(
    live_server, page: Page, dave, march
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("dave")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_label("Password").press("Enter")

    page.goto(f"{live_server.url}/staff/dashboards/region/")
    page.get_by_label("From (month)").fill("2026-03")
    page.get_by_label("to", exact=True).fill("2026-03")
    page.get_by_label("Category", exact=True).select_option(label="Illegal dumping")
    page.get_by_role("button", name="Show").click()

    expect(page.locator("#kpi-reports")).to_have_text("8")
    expect(page.locator("#choropleth path.leaflet-interactive").first).to_be_attached()
    on_page = _cells(page, "categories")
    assert on_page == [["Illegal dumping", "8", "3"]]
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="All tables (XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheets = {name: workbook[name] for name in workbook.sheetnames}
    by_category = sheets["Reports by category"]
    in_file = [
        [str(value) for value in row] for row in by_category.iter_rows(min_row=4, values_only=True)
    ]
    assert in_file == on_page
    summary = dict(sheets["Summary"].iter_rows(min_row=4, values_only=True))
    assert summary["Reports"] == 8
    page.screenshot(path=RESULTS / "dashboard-region-en-1280.png", full_page=True)

    for language in ("fr", "nl"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
            expect(page.locator("#kpi-reports")).to_have_text("8")
            page.screenshot(
                path=RESULTS / f"dashboard-region-{language}-{width}.png", full_page=True
            )
