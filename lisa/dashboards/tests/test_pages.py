"""The dashboards through HTTP: who opens what, and downloads that hold the page's numbers."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from lisa.geo.models import AreaKind
from lisa.testing.personas import GRAND_PLACE, area

from .conftest import MARCH, make_report

pytestmark = pytest.mark.django_db

MARCH_ONLY = "?start=2026-03&end=2026-03"


def test_an_analyst_reads_the_region_and_downloads_the_same_numbers(client, dave, march):
    client.force_login(dave)

    page = client.get("/staff/dashboards/region/" + MARCH_ONLY)
    table = client.get("/staff/dashboards/region/categories.csv" + MARCH_ONLY)
    book = client.get("/staff/dashboards/region/tables.xlsx" + MARCH_ONLY)

    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.resolution.reports == 8
    assert '<dd id="kpi-reports">8</dd>' in page.content.decode()
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert rows[1:] == [[str(value) for value in row] for row in figures.table("categories").rows]
    assert rows[1][1] == "8"
    workbook = load_workbook(io.BytesIO(book.content))
    assert len(workbook.sheetnames) == len(figures.tables)
    sheet = workbook[workbook.sheetnames[1]]  # by category, after the summary
    values = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert values == figures.table("categories").rows


def test_a_police_officer_opens_their_zone_and_nothing_wider(client, bob, march):
    client.force_login(bob)
    midi = area(AreaKind.POLICE_ZONE, "5341")
    other = area(AreaKind.POLICE_ZONE, "5339")

    assert client.get(f"/staff/dashboards/zone/{midi.pk}/" + MARCH_ONLY).status_code == 200
    assert client.get(f"/staff/dashboards/zone/{other.pk}/").status_code == 404
    assert client.get("/staff/dashboards/region/").status_code == 404
    assert client.get("/staff/dashboards/region/summary.csv").status_code == 404


def test_a_housing_company_agent_gets_no_regional_dashboard(client, carol):
    client.force_login(carol)

    assert client.get("/staff/dashboards/region/").status_code == 404
    assert client.get("/staff/dashboards/region/tables.xlsx").status_code == 404
    assert client.get("/staff/dashboards/").status_code == 404


def test_bad_filters_are_told_not_crashed(client, dave):
    client.force_login(dave)

    backwards = client.get(
        "/staff/dashboards/region/?start=2026-05&end=2026-01", HTTP_ACCEPT_LANGUAGE="en"
    )
    nonsense = client.get("/staff/dashboards/region/summary.csv?start=yesterday")
    unknown = client.get("/staff/dashboards/region/nothing.csv")
    pdf = client.get("/staff/dashboards/region/summary.pdf")

    assert backwards.status_code == 400
    assert "The first month comes after the last one." in backwards.content.decode()
    assert nonsense.status_code == 400
    assert unknown.status_code == 404
    assert pdf.status_code == 404


def test_the_open_data_leaves_out_private_categories_and_small_counts(client, alice):
    for _ in range(5):
        make_report(at=MARCH)  # the Vaillance, neighbourhood 58
    for _ in range(2):
        make_report(at=MARCH, place=GRAND_PLACE)
    for _ in range(6):
        make_report(at=MARCH, place=GRAND_PLACE, category="neighbourhood-dispute")
    grand_place = area(AreaKind.NEIGHBOURHOOD, _neighbourhood_of(GRAND_PLACE))

    table = client.get("/open-data/reports.csv" + MARCH_ONLY)
    geojson = client.get("/open-data/reports.geojson" + MARCH_ONLY)

    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    by_code = {row["neighbourhood_code"]: row for row in rows}
    assert by_code["58"]["reports"] == "5"
    assert by_code["58"]["reports_open"] == "5"
    assert by_code["58"]["suppressed"] == "false"
    # Two reports only: the six of a private category are not counted, and two is too few.
    assert by_code[grand_place.code]["reports"] == ""
    assert by_code[grand_place.code]["suppressed"] == "true"
    assert "an@example.org" not in table.content.decode()
    body = json.loads(geojson.content)
    features = {f["properties"]["neighbourhood_code"]: f for f in body["features"]}
    assert features["58"]["properties"]["months"]["2026-03"]["reports"] == 5
    assert features[grand_place.code]["properties"]["months"]["2026-03"]["reports"] is None
    assert features["58"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert body["licence"] == "CC0-1.0"


def test_the_open_data_refuses_a_bad_period(client):
    assert client.get("/open-data/reports.csv?start=2020-01&end=2026-12").status_code == 400


def _neighbourhood_of(point: tuple[float, float]) -> str:
    from lisa.geo.locator import locate

    found = locate(lat=point[0], lon=point[1]).neighbourhood
    assert found is not None
    return found.code
