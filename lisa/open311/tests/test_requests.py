"""GET requests and GET requests/{service_request_id}, as a generic GeoReport v2 client reads."""

from __future__ import annotations

import datetime as dt
import socket
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisa.reports.actions import ReporterDetails, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Status
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

pytestmark = pytest.mark.django_db

# The elements of a request, in the specification's order.
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
ERIN = ReporterDetails(
    name="Erin Resident", email="erin@example.org", phone="+32 470 00 00 01", language="nl"
)


def parse(content: bytes) -> ElementTree.Element:
    """Read an answer of this server (our own XML, not untrusted input)."""
    return ElementTree.fromstring(content)  # noqa: S314


def report(
    code: str = "lighting-out",
    *,
    days_ago: float = 1,
    at: tuple[float, float] = VAILLANCE,
    description: str = "Demo: lampadaire éteint.",
) -> Report:
    return report_create(
        category=Category.objects.get(code=code),
        lat=at[0],
        lon=at[1],
        description=description,
        channel=Channel.WEB,
        reporter=ERIN,
        now=timezone.now() - dt.timedelta(days=days_ago),
        notify=False,
    ).report


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [request["service_request_id"] for request in response.json()]


def test_a_request_has_the_specifications_elements_in_xml(client: Client):
    made = report(at=GRAND_PLACE)

    response = client.get("/open311/v2/requests.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    root = parse(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == REQUEST_ELEMENTS
    assert request.findtext("service_request_id", "") == made.reference
    assert request.findtext("status", "") == "open"
    assert request.findtext("service_code", "") == "lighting-out"
    assert request.findtext("description", "") == "Demo: lampadaire éteint."
    assert request.findtext("agency_responsible", "") == made.organisation.name
    requested = dt.datetime.fromisoformat(request.findtext("requested_datetime", ""))
    assert requested.utcoffset() is not None
    assert requested == made.created_at.replace(microsecond=0)
    expected = dt.datetime.fromisoformat(request.findtext("expected_datetime", ""))
    assert (expected.date(), expected.time()) == (made.deadline, dt.time(23, 59, 59))
    # Where the public map shows it: the street, rounded to about ten metres, no house number.
    assert float(request.findtext("lat", "")) == round(made.lat, 4)
    assert float(request.findtext("long", "")) == round(made.lon, 4)
    assert not any(ch.isdigit() for ch in request.findtext("address", "").split("(")[0])


def test_by_default_it_lists_the_last_90_days_newest_first(client: Client):
    recent = report(days_ago=1)
    older = report(days_ago=80)
    report(days_ago=95)

    assert ids(client.get("/open311/v2/requests.json")) == [recent.reference, older.reference]


def test_service_request_id_overrides_every_other_parameter(client: Client):
    old = report(days_ago=200)
    other = report("dumping-bulky", days_ago=2)
    report(days_ago=1)

    response = client.get(
        "/open311/v2/requests.json",
        {
            "service_request_id": f"{old.reference},{other.reference},NOPE-1",
            "service_code": "lighting-out",
            "status": "closed",
            "start_date": "2000-01-01",
            "end_date": "2000-01-02",
        },
    )

    assert ids(response) == [other.reference, old.reference]


def test_dates_narrow_the_list_and_a_span_over_90_days_is_refused(client: Client):
    report(days_ago=1)
    middle = report(days_ago=40)
    report(days_ago=70)
    now = timezone.now()
    start = (now - dt.timedelta(days=50)).isoformat()
    end = (now - dt.timedelta(days=30)).isoformat()

    assert ids(client.get("/open311/v2/requests.json", {"start_date": start, "end_date": end})) == [
        middle.reference
    ]

    # A day alone is the whole day, in Brussels.
    day = timezone.localdate(middle.created_at).isoformat()
    assert ids(client.get("/open311/v2/requests.json", {"start_date": day, "end_date": day})) == [
        middle.reference
    ]

    too_long = client.get(
        "/open311/v2/requests.xml", {"start_date": "2026-01-01", "end_date": "2026-06-01"}
    )
    assert too_long.status_code == 400
    root = parse(too_long.content)
    assert root.tag == "errors"
    assert root.findtext("error/code", "") == "400"
    assert "90" in root.findtext("error/description", "")

    malformed = client.get("/open311/v2/requests.json", {"start_date": "yesterday"})
    assert client.get("/open311/v2/requests.json", {"end_date": "2026-02-30"}).status_code == 400
    assert malformed.status_code == 400
    assert malformed.json()[0]["code"] == 400


def test_the_status_filter_maps_lisas_statuses_to_open_and_closed(client: Client, bob):
    waiting = report(days_ago=3)
    report_transition(report=waiting, to_status=Status.ACKNOWLEDGED, by=bob, notify=False)
    report_transition(report=waiting, to_status=Status.WAITING, by=bob, notify=False)
    resolved = report(days_ago=2)
    report_transition(report=resolved, to_status=Status.ACKNOWLEDGED, by=bob, notify=False)
    report_transition(
        report=resolved,
        to_status=Status.RESOLVED,
        by=bob,
        public_message="Réparé.",
        reason="Interne: ticket 4411 chez Sibelga",
        notify=False,
    )
    rejected = report(days_ago=1)
    report_transition(
        report=rejected, to_status=Status.REJECTED, by=bob, reason="Hors sujet", notify=False
    )

    assert ids(client.get("/open311/v2/requests.json", {"status": "open"})) == [waiting.reference]
    closed = client.get("/open311/v2/requests.json", {"status": "closed"}).json()
    assert [r["service_request_id"] for r in closed] == [resolved.reference]
    assert closed[0]["status_notes"] == "Réparé."
    # A rejected report stands for no problem of its own, as on the public map.
    assert ids(client.get("/open311/v2/requests.json", {"status": "open,closed"})) == [
        resolved.reference,
        waiting.reference,
    ]
    assert client.get("/open311/v2/requests.json", {"status": "pending"}).status_code == 400


def test_a_private_category_and_personal_data_never_appear(client: Client, bob):
    Category.objects.filter(code="dumping-bulky").update(is_private=True)
    private = report("dumping-bulky", description="Demo: texte privé.")
    public = report()
    report_transition(
        report=public,
        to_status=Status.IN_PROGRESS,
        by=bob,
        reason="Interne: voir avec l'agent",
        notify=False,
    )

    for fmt in ("json", "xml"):
        response = client.get(f"/open311/v2/requests.{fmt}", {"extensions": "true"})
        text = response.content.decode()
        assert public.reference in text
        assert private.reference not in text
        assert "texte privé" not in text
        for personal in ("Erin", "erin@example.org", "470 00 00 01", "Bob", "Interne"):
            assert personal not in text
    one = client.get(f"/open311/v2/requests/{private.reference}.json")
    assert one.status_code == 404


def test_extensions_add_the_public_history_as_notes(client: Client, bob):
    made = report()
    report_transition(
        report=made,
        to_status=Status.IN_PROGRESS,
        by=bob,
        public_message="Une équipe passe demain.",
        reason="Interne",
        notify=False,
    )

    plain = client.get("/open311/v2/requests.json").json()[0]
    assert "notes" not in plain
    (request,) = client.get("/open311/v2/requests.json", {"extensions": "true"}).json()
    assert [note["type"] for note in request["notes"]] == ["status", "status"]
    assert request["notes"][-1]["text"] == "Une équipe passe demain."
    assert request["notes"][-1]["status"] == "open"
    assert request["notes"][-1]["lisa_status"] == "in_progress"
    assert request["notes"][-1]["agency"] == made.organisation.name

    xml = parse(client.get("/open311/v2/requests.xml", {"extensions": "true"}).content)
    assert len(xml.findall("request/notes/note")) == 2


def test_page_and_page_size_walk_through_the_list(client: Client):
    made = [report(days_ago=day) for day in (1, 2, 3, 4, 5)]
    newest_first = [r.reference for r in made]

    first = ids(client.get("/open311/v2/requests.json", {"page_size": 2}))
    third = ids(client.get("/open311/v2/requests.json", {"page_size": 2, "page": 3}))

    assert first == newest_first[:2]
    assert third == newest_first[4:]
    assert client.get("/open311/v2/requests.json", {"page_size": 1001}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"page": 0}).status_code == 400


def test_one_request_is_a_list_of_one_and_an_unknown_one_is_404(client: Client):
    made = report()

    response = client.get(f"/open311/v2/requests/{made.reference}.xml")
    assert response.status_code == 200
    root = parse(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert request.findtext("service_request_id", "") == made.reference

    missing = client.get("/open311/v2/requests/NOPE-0001.xml")
    assert missing.status_code == 404
    assert parse(missing.content).findtext("error/code", "") == "404"
    assert missing["Access-Control-Allow-Origin"] == "*"


def test_another_jurisdiction_is_404(client: Client):
    response = client.get("/open311/v2/requests.json", {"jurisdiction_id": "elsewhere.example"})
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{}, {"extensions": "true"}])
def test_the_number_of_queries_does_not_grow_with_the_rows(client: Client, params):
    report()
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/open311/v2/requests.json", params).json()) == 1
    for day in range(2, 12):
        report(days_ago=day)
    with CaptureQueriesContext(connection) as eleven:
        assert len(client.get("/open311/v2/requests.json", params).json()) == 11

    assert len(eleven) == len(one)


def test_a_geocoder_out_of_service_leaves_the_addresses_empty_not_a_500(client: Client, settings):
    made = report()
    # A port nothing listens on: the region's geocoder cannot be reached.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LISA_GEOCODER = "urbis"
    settings.LISA_URBIS_URL = f"http://127.0.0.1:{port}/Rest/Localize/"

    response = client.get("/open311/v2/requests.json")

    assert response.status_code == 200
    (request,) = response.json()
    assert request["service_request_id"] == made.reference
    assert request["address"] == ""
