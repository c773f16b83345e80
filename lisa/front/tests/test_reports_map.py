"""The public map of reports through HTTP: /map/reports.geojson and the page /<lang>/map/."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisa.reports.actions import ReporterDetails, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Status
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

pytestmark = pytest.mark.django_db

ENDPOINT = "/map/reports.geojson"
REGION_BOX = "4.24,50.76,4.49,50.92"
# A few hundred metres around Place de la Vaillance (Anderlecht), at street level.
VAILLANCE_BOX = "4.300,50.832,4.312,50.839"
# Other places of Anderlecht (streets.csv), near the square but not on it.
AUBER = (50.838741, 4.311688)
CLEMENCEAU = (50.84105, 4.333065)
DE_COSTER = (50.834503, 4.291842)
WORDS = "Un matelas et deux chaises devant le numéro 12, chez Mme Janssens."


def report(
    code: str,
    at: tuple[float, float] = VAILLANCE,
    *,
    reporter: ReporterDetails | None = None,
    days_ago: int = 0,
    address: str = "",
) -> Report:
    return report_create(
        category=Category.objects.get(code=code),
        lat=at[0],
        lon=at[1],
        description=WORDS,
        address=address,
        channel=Channel.WEB,
        reporter=reporter,
        now=timezone.now() - dt.timedelta(days=days_ago),
        notify=False,
    ).report


def move(target: Report, *statuses: str) -> None:
    for status in statuses:
        report_transition(report=target, to_status=status, by=None, notify=False)
        target.refresh_from_db()


def geojson(client, **params: Any) -> dict[str, Any]:
    response = client.get(ENDPOINT, params)
    assert response.status_code == 200, response.content
    return response.json()


def counted(answer: dict[str, Any]) -> int:
    return sum(feature["properties"].get("count", 1) for feature in answer["features"])


def test_it_counts_the_reports_of_the_region_per_cell_at_a_low_zoom(client):
    for place in (VAILLANCE, VAILLANCE, DE_COSTER):
        report("dumping-bulky", place)
    report("lighting-out", GRAND_PLACE)

    answer = geojson(client, bbox=REGION_BOX, zoom=11)

    assert answer["total"] == 4
    assert {f["properties"]["kind"] for f in answer["features"]} == {"cluster"}
    assert counted(answer) == 4
    # Anderlecht's three fall in one cell of about 2 km, at their mean position.
    biggest = max(answer["features"], key=lambda f: f["properties"]["count"])
    assert biggest["properties"]["count"] == 3
    lon, lat = biggest["geometry"]["coordinates"]
    assert lat == pytest.approx((2 * VAILLANCE[0] + DE_COSTER[0]) / 3, abs=1e-4)
    assert lon == pytest.approx((2 * VAILLANCE[1] + DE_COSTER[1]) / 3, abs=1e-4)


def test_it_shows_single_reports_at_street_level_and_nothing_personal(client, erin):
    report("dumping-bulky", reporter=erin, address="Place de la Vaillance 12, chez Janssens")
    report("dumping-bulky", AUBER)

    response = client.get(ENDPOINT, {"bbox": VAILLANCE_BOX, "zoom": 18, "lang": "nl"})

    assert response.status_code == 200
    answer = response.json()
    assert answer["total"] == 2
    points = [f for f in answer["features"] if f["properties"]["kind"] == "report"]
    assert len(points) == 2
    vaillance = min(points, key=lambda f: abs(f["geometry"]["coordinates"][1] - VAILLANCE[0]))
    assert vaillance["properties"] == {
        "kind": "report",
        "category": "Grof huisvuil",
        "status": "new",
        "status_label": "nieuw",
        "date": timezone.localdate().isoformat(),
        "place": "Dapperheidsplein (Anderlecht)",
    }
    # About ten metres: the street, not the doorstep.
    assert vaillance["geometry"]["coordinates"] == [round(VAILLANCE[1], 4), round(VAILLANCE[0], 4)]
    body = response.content.decode()
    for personal in ("Erin", "erin@example.org", "+32 470", "Janssens", "matelas", "BXL-"):
        assert personal not in body


def test_it_counts_a_cell_of_several_reports_even_at_street_level(client):
    report("dumping-bulky")
    report("dumping-litter")

    answer = geojson(client, bbox=VAILLANCE_BOX, zoom=18)

    assert [f["properties"] for f in answer["features"]] == [{"kind": "cluster", "count": 2}]
    # at their rounded position, as a single report would be
    assert answer["features"][0]["geometry"]["coordinates"] == [
        round(VAILLANCE[1], 4),
        round(VAILLANCE[0], 4),
    ]


def test_the_street_level_answer_runs_a_fixed_number_of_queries(client):
    for place in (VAILLANCE, AUBER):
        report("dumping-bulky", place)
    with CaptureQueriesContext(connection) as few:
        geojson(client, bbox=VAILLANCE_BOX, zoom=18)
    for place in ((50.8352, 4.3045), (50.8365, 4.3090), (50.8372, 4.3031)):
        report("lighting-out", place)

    with CaptureQueriesContext(connection) as more:
        answer = geojson(client, bbox=VAILLANCE_BOX, zoom=18)

    assert len([f for f in answer["features"] if f["properties"]["kind"] == "report"]) == 5
    assert len(more) == len(few)


@pytest.mark.parametrize("zoom", [10, 12, 13, 14, 15, 16, 18, 20])
def test_private_categories_are_absent_even_as_a_count_of_one(client, zoom):
    # A dispute between neighbours alone on the Grand-Place, a broken light in Anderlecht.
    report("neighbourhood-dispute", GRAND_PLACE)
    report("noise-night", GRAND_PLACE)
    report("lighting-out", VAILLANCE)
    box = REGION_BOX if zoom <= 13 else "4.350,50.845,4.355,50.848"

    answer = geojson(client, bbox=box, zoom=zoom)

    expected = 1 if zoom <= 13 else 0
    assert answer["total"] == expected
    assert counted(answer) == expected
    assert "Burenruzie" not in json.dumps(answer)


def test_a_private_category_cannot_be_asked_for(client):
    report("neighbourhood-dispute", GRAND_PLACE)

    response = client.get(
        ENDPOINT, {"bbox": REGION_BOX, "zoom": 12, "category": "neighbourhood-dispute"}
    )

    # The same answer as for a category that does not exist.
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_category"
    assert client.get(ENDPOINT, {"bbox": REGION_BOX, "zoom": 12, "category": "nope"}).json() == (
        response.json()
    )


def test_duplicates_rejected_and_hidden_reports_are_left_out(client):
    master = report("dumping-bulky")
    duplicate = report("dumping-bulky", AUBER)
    report_transition(
        report=duplicate, to_status=Status.DUPLICATE, by=None, duplicate_of=master, notify=False
    )
    move(report("dumping-litter", CLEMENCEAU), Status.REJECTED)
    hidden = report("dumping-litter", CLEMENCEAU)
    Report.objects.filter(pk=hidden.pk).update(is_public=False)  # staff took it off the map

    answer = geojson(client, bbox=REGION_BOX, zoom=12)

    assert answer["total"] == 1


def test_the_filters_narrow_the_map(client):
    bulky = report("dumping-bulky")
    report("dumping-litter", AUBER, days_ago=40)
    light = report("lighting-out", CLEMENCEAU)
    report("lighting-out", GRAND_PLACE, days_ago=400)
    move(bulky, Status.IN_PROGRESS, Status.RESOLVED)
    move(light, Status.ACKNOWLEDGED)
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()

    def total(**filters: str) -> int:
        return geojson(client, bbox=REGION_BOX, zoom=12, **filters)["total"]

    assert total() == 4
    assert total(category="dumping") == 2  # the category and its sub-categories
    assert total(category="dumping-litter") == 1
    assert total(status="open") == 3
    assert total(status="resolved") == 1
    assert total(status="acknowledged") == 1
    assert total(since=since) == 2
    assert total(municipality="21001") == 3  # Anderlecht
    assert total(municipality="21004") == 1  # Bruxelles
    assert total(category="lighting", status="open", since=since, municipality="21001") == 1


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"zoom": 12}, "bbox_required"),
        ({"bbox": "4.3,50.8,4.4", "zoom": 12}, "invalid_bbox"),
        ({"bbox": "west,south,east,north", "zoom": 12}, "invalid_bbox"),
        ({"bbox": "4.4,50.8,4.3,50.9", "zoom": 12}, "invalid_bbox"),
        ({"bbox": "4.3,50.8,4.4,nan", "zoom": 12}, "invalid_bbox"),
        ({"bbox": "4.3,50.8,4.4,91", "zoom": 12}, "invalid_bbox"),
        ({"bbox": REGION_BOX}, "invalid_zoom"),
        ({"bbox": REGION_BOX, "zoom": "twelve"}, "invalid_zoom"),
        ({"bbox": REGION_BOX, "zoom": 21}, "invalid_zoom"),
        ({"bbox": REGION_BOX, "zoom": 19}, "bbox_too_large"),
        ({"bbox": "-180,-85,180,85", "zoom": 8}, "bbox_too_large"),
        ({"bbox": REGION_BOX, "zoom": 12, "status": "duplicate"}, "unknown_status"),
        ({"bbox": REGION_BOX, "zoom": 12, "since": "last week"}, "invalid_since"),
        ({"bbox": REGION_BOX, "zoom": 12, "municipality": "99999"}, "unknown_municipality"),
    ],
)
def test_bad_parameters_are_answered_with_a_400_that_says_why(client, params, code):
    response = client.get(ENDPOINT, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_the_refusal_is_in_the_language_asked_for(client):
    nl = client.get(ENDPOINT, {"bbox": "4.4,50.8,4.3,50.9", "zoom": 12, "lang": "nl"}).json()
    fr = client.get(ENDPOINT, {"bbox": "4.4,50.8,4.3,50.9", "zoom": 12, "lang": "fr"}).json()

    assert nl["message"].startswith("Het gebied")
    assert fr["message"].startswith("La zone")


def test_the_answer_may_be_cached_for_a_minute(client):
    response = client.get(ENDPOINT, {"bbox": REGION_BOX, "zoom": 12})

    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


def test_the_page_lists_the_counts_per_municipality_and_the_latest_reports(client):
    for _ in range(5):
        report("dumping-bulky")
    report("lighting-out", GRAND_PLACE)
    report("neighbourhood-dispute", GRAND_PLACE)

    response = client.get("/fr/map/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-current="page">Carte des signalements' in page
    counts = {row.municipality.code: row.count for row in response.context["counts"]}
    assert counts["21001"] == 5
    assert counts["21004"] == 1  # the dispute is not counted
    assert "moins de 5" in page  # Bruxelles' one report, as open data shows small counts
    latest = response.context["latest"]
    assert len(latest) == 6
    assert latest[0]["category"] in ("Encombrants", "Lampadaire éteint")
    assert "Conflit entre voisins" not in page
    assert WORDS not in page
    assert "/static/leaflet/leaflet.js" in page
    assert "/static/lisa/reports-map.js" in page


def test_the_page_without_javascript_applies_the_filters(client):
    report("dumping-bulky")
    report("lighting-out", GRAND_PLACE)

    response = client.get("/nl/map/", {"category": "lighting", "municipality": "21004"})

    assert response.status_code == 200
    assert [row["category"] for row in response.context["latest"]] == ["Straatlamp brandt niet"]
    assert [row.municipality.code for row in response.context["counts"]] == ["21004"]
    assert 'value="lighting" selected' in response.content.decode()


def test_the_page_with_a_bad_filter_says_so_and_shows_everything(client):
    report("dumping-bulky")

    response = client.get("/en/map/", {"since": "yesterday"})

    assert response.status_code == 400
    assert "year-month-day" in response.content.decode()
    assert len(response.context["latest"]) == 1


def test_the_home_page_links_to_the_map(client):
    assert 'href="/nl/map/"' in client.get("/nl/").content.decode()
