"""servicerequestupdates (FixMyStreet's extension), as a FixMyStreet installation uses it."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lisa.accounts.models import Organisation
from lisa.open311.keys import api_key_create
from lisa.reports.actions import (
    ReporterDetails,
    message_send,
    report_create,
    report_support,
    report_transition,
)
from lisa.reports.models import (
    Activity,
    ActivityKind,
    Category,
    Channel,
    ReopenRequest,
    Report,
    Status,
)
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

URL = "/open311/v2/servicerequestupdates"
# The elements of a request_update: mySociety's schema, and the status code FixMyStreet keeps.
UPDATE_ELEMENTS = [
    "update_id",
    "service_request_id",
    "status",
    "updated_datetime",
    "description",
    "media_url",
    "external_status_code",
]
AMINA = ReporterDetails(name="Amina Demo", email="amina.demo@example.org", language="fr")


def parse(content: bytes) -> ElementTree.Element:
    """Read an answer of this server (our own XML, not untrusted input)."""
    return ElementTree.fromstring(content)  # noqa: S314


@pytest.fixture
def foyer() -> Organisation:
    return Organisation.objects.get(code="foyer-anderlechtois")


@pytest.fixture
def key() -> str:
    return api_key_create(name="FixMyStreet demo", scopes=["read", "write"]).key


def report(
    code: str = "dumping-bulky", *, days_ago: float = 3, organisation=None, reporter=AMINA
) -> Report:
    return report_create(
        category=Category.objects.get(code=code),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Demo: un matelas sur le trottoir.",
        channel=Channel.OPEN311,
        reporter=reporter,
        organisation=organisation,
        now=timezone.now() - dt.timedelta(days=days_ago),
        notify=False,
    ).report


def ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def resolved(carol, organisation) -> Report:
    made = report(organisation=organisation)
    report_transition(report=made, to_status=Status.IN_PROGRESS, by=carol, now=ago(2), notify=False)
    report_transition(
        report=made,
        to_status=Status.RESOLVED,
        by=carol,
        public_message="Enlevé ce matin.",
        now=ago(1),
        notify=False,
    )
    return made


def post(client: Client, key: str, fmt: str = "xml", **fields):
    return client.post(f"{URL}.{fmt}", {"api_key": key, **fields})


# --- GET: what residents are told, for FixMyStreet to show ---------------------------------


def test_the_updates_are_the_status_changes_and_messages_oldest_first_in_xml(
    client: Client, carol, foyer
):
    made = report(organisation=foyer)
    moment = ago(2)
    report_transition(
        report=made,
        to_status=Status.IN_PROGRESS,
        by=carol,
        public_message="Une équipe passe demain.",
        reason="Interne: camion en panne",
        now=moment,
        notify=False,
    )
    message = message_send(report=made, body="Merci pour votre patience.", by=carol, notify=False)

    response = client.get(f"{URL}.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = parse(response.content)
    assert root.tag == "service_request_updates"
    first, second = root.findall("request_update")
    assert [child.tag for child in first] == UPDATE_ELEMENTS
    assert first.findtext("service_request_id") == made.reference
    assert first.findtext("status") == "open"
    assert first.findtext("external_status_code") == "in_progress"
    assert first.findtext("description") == "Une équipe passe demain."
    assert first.findtext("update_id", "").startswith("status-")
    updated = dt.datetime.fromisoformat(first.findtext("updated_datetime", ""))
    assert updated == moment.replace(microsecond=0)
    assert updated.utcoffset() is not None
    assert second.findtext("update_id") == f"message-{message.pk}"
    assert second.findtext("description") == "Merci pour votre patience."
    assert second.findtext("external_status_code") == "in_progress"
    assert second.findtext("media_url") == ""
    # The report's creation is not an update; an internal reason never leaves LISA.
    assert "Interne" not in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_resolution_reads_closed_and_the_json_has_the_same_names(client: Client, carol, foyer):
    made = resolved(carol, foyer)

    updates = client.get(f"{URL}.json").json()

    assert [list(update) for update in updates] == [UPDATE_ELEMENTS, UPDATE_ELEMENTS]
    assert [(u["status"], u["external_status_code"]) for u in updates] == [
        ("open", "in_progress"),
        ("closed", "resolved"),
    ]
    assert updates[-1]["description"] == "Enlevé ce matin."
    assert {u["service_request_id"] for u in updates} == {made.reference}


def test_private_reports_have_no_updates(client: Client, carol, foyer):
    Category.objects.filter(code="lighting-out").update(is_private=True)
    private = report("lighting-out", organisation=foyer)
    report_transition(report=private, to_status=Status.ACKNOWLEDGED, by=carol, notify=False)
    report_transition(
        report=private, to_status=Status.REJECTED, by=carol, reason="Hors sujet", notify=False
    )

    assert client.get(f"{URL}.json").json() == []


def test_a_rejected_or_duplicate_report_gets_one_closing_update_and_no_more(
    client: Client, carol, foyer
):
    rejected = report(organisation=foyer)
    report_transition(report=rejected, to_status=Status.ACKNOWLEDGED, by=carol, notify=False)
    report_transition(
        report=rejected,
        to_status=Status.REJECTED,
        by=carol,
        reason="Hors sujet",
        public_message="Ce n'est pas un dépôt clandestin.",
        notify=False,
    )
    master = report(organisation=foyer)
    duplicate = report(organisation=foyer)
    report_transition(
        report=duplicate, to_status=Status.DUPLICATE, by=carol, duplicate_of=master, notify=False
    )

    updates = client.get(f"{URL}.json").json()

    assert [(u["service_request_id"], u["status"], u["external_status_code"]) for u in updates] == [
        (rejected.reference, "closed", "rejected"),
        (duplicate.reference, "closed", "duplicate"),
    ]
    assert updates[0]["description"] == "Ce n'est pas un dépôt clandestin."
    # The reason, an internal word, is never given.
    assert "Hors sujet" not in str(updates)


def test_the_dates_bound_the_moment_of_the_update(client: Client, carol, foyer):
    made = report(organisation=foyer, days_ago=20)
    report_transition(
        report=made, to_status=Status.IN_PROGRESS, by=carol, now=ago(10), notify=False
    )
    report_transition(report=made, to_status=Status.RESOLVED, by=carol, now=ago(1), notify=False)

    def codes(**params):
        response = client.get(f"{URL}.json", params)
        assert response.status_code == 200, response.content
        return [update["external_status_code"] for update in response.json()]

    assert codes() == ["in_progress", "resolved"]
    assert codes(start_date=ago(5).isoformat()) == ["resolved"]
    assert codes(start_date=ago(15).isoformat(), end_date=ago(5).isoformat()) == ["in_progress"]
    assert codes(page_size=1, page=2) == ["resolved"]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-01-01", "end_date": "2026-06-01"},  # over 90 days
        {"start_date": "yesterday"},
        {"start_date": "2026-06-01", "end_date": "2026-05-01"},
        {"page_size": "1001"},
    ],
)
def test_a_bad_window_is_400_with_the_error_list(client: Client, params):
    response = client.get(f"{URL}.xml", params)

    assert response.status_code == 400
    root = parse(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "400"
    assert root.findtext("error/description")


def test_another_jurisdiction_is_404(client: Client):
    response = client.get(f"{URL}.json", {"jurisdiction_id": "elsewhere.example"})

    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


# --- POST: a resident's update, for the staff handling the report --------------------------


def test_a_residents_update_is_recorded_for_staff_and_its_id_given_back(
    client: Client, key: str, carol, foyer
):
    made = report(organisation=foyer)

    response = post(
        client,
        key,
        service_request_id=made.reference,
        update_id_ext="4411",
        updated_datetime="2026-11-26T09:30:00+01:00",
        status="OPEN",
        description="Le matelas est toujours là, et un frigo en plus.",
        media_url="https://fms.example.org/photo/c/4411.full.jpeg",
        email="someone@example.org",
        first_name="Sam",
        last_name="Voisin",
    )

    assert response.status_code == 201, response.content
    root = parse(response.content)
    assert root.tag == "service_request_updates"
    (update,) = root.findall("request_update")
    record = Activity.objects.get(kind=ActivityKind.RESIDENT_UPDATE)
    assert update.findtext("update_id") == f"comment-{record.pk}"
    assert record.report == made
    assert record.data == {
        "source": "FixMyStreet demo",
        "source_id": "4411",
        "text": "Le matelas est toujours là, et un frigo en plus.",
        "link": "https://fms.example.org/photo/c/4411.full.jpeg",
        "said_status": "open",
    }
    assert "Sam" not in str(record.data)
    assert "someone@" not in str(record.data)
    made.refresh_from_db()
    assert made.status == Status.NEW
    # Not public: FixMyStreet does not read its own update back as the council's.
    assert client.get(f"{URL}.json").json() == []

    client.force_login(carol)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("backoffice:report", args=[made.reference])).content.decode()
    assert "A resident wrote through FixMyStreet demo." in page
    assert "un frigo en plus" in page
    assert 'href="https://fms.example.org/photo/c/4411.full.jpeg" rel="noopener noreferrer' in page


def test_the_same_update_sent_again_is_recorded_once(client: Client, key: str, foyer):
    made = report(organisation=foyer)
    fields = {"service_request_id": made.reference, "update_id": "77", "description": "Encore."}

    first = post(client, key, "json", **fields)
    again = post(client, key, "json", **fields)

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Activity.objects.filter(kind=ActivityKind.RESIDENT_UPDATE).count() == 1


def test_open_on_a_resolved_report_from_its_resident_asks_to_reopen(
    client: Client, key: str, carol, foyer
):
    made = resolved(carol, foyer)

    response = post(
        client,
        key,
        service_request_id=made.reference,
        status="OPEN",
        description="Toujours là.",
        email="Amina.Demo@example.org",
    )

    assert response.status_code == 201, response.content
    (asked,) = ReopenRequest.objects.all()
    assert asked.report == made
    assert asked.reporter.email == "amina.demo@example.org"
    assert asked.reason == "Toujours là."
    made.refresh_from_db()
    assert made.status == Status.RESOLVED  # staff decide


def test_open_from_someone_else_or_closed_only_tells_staff(client: Client, key: str, carol, foyer):
    made = resolved(carol, foyer)

    stranger = post(
        client,
        key,
        service_request_id=made.reference,
        status="OPEN",
        description="Pas réglé.",
        email="stranger@example.org",
    )
    closed = post(
        client,
        key,
        service_request_id=made.reference,
        status="FIXED",
        description="Merci !",
        email="amina.demo@example.org",
    )

    assert (stranger.status_code, closed.status_code) == (201, 201)
    assert not ReopenRequest.objects.exists()
    assert Activity.objects.filter(kind=ActivityKind.RESIDENT_UPDATE).count() == 2


def test_a_supporter_may_ask_to_reopen_too(client: Client, key: str, carol, foyer):
    made = report(organisation=foyer)
    report_support(
        report=made,
        reporter=ReporterDetails(name="Sam", email="sam@example.org"),
        notify=False,
    )
    report_transition(report=made, to_status=Status.IN_PROGRESS, by=carol, notify=False)
    report_transition(report=made, to_status=Status.RESOLVED, by=carol, notify=False)

    response = post(
        client,
        key,
        service_request_id=made.reference,
        status="open",
        description="",
        media_url="http://fms.example.org/photo/9.jpeg",
        email="sam@example.org",
    )

    assert response.status_code == 201, response.content
    (asked,) = ReopenRequest.objects.all()
    assert asked.reporter.email == "sam@example.org"
    assert "FixMyStreet demo" in asked.reason


def _not_public(foyer) -> Report:
    Category.objects.filter(code="lighting-out").update(is_private=True)
    return report("lighting-out", organisation=foyer)


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"api_key": ""}, 403),
        ({"api_key": "not-a-key-at-all"}, 403),
        ({"service_request_id": ""}, 400),
        ({"service_request_id": "NOPE-2026-000001"}, 404),
        ({"service_request_id": "private"}, 404),
        ({"jurisdiction_id": "elsewhere.example"}, 404),
        ({"description": "", "media_url": ""}, 400),
        ({"description": "x" * 5001}, 400),
        ({"media_url": "javascript:alert(1)"}, 400),
        ({"media_url": "ftp://fms.example.org/a.jpeg"}, 400),
        ({"media_url": "file:///etc/passwd"}, 400),
        ({"media_url": "https://fms.example.org/" + "a" * 500}, 400),
        ({"status": "<open>"}, 400),
        ({"update_id": "9" * 101}, 400),
    ],
)
def test_bad_input_is_refused_with_the_error_list_and_nothing_written(
    client: Client, key: str, foyer, fields, status
):
    made = report(organisation=foyer)
    if fields.get("service_request_id") == "private":
        fields = {"service_request_id": _not_public(foyer).reference}
    data = {
        "service_request_id": made.reference,
        "description": "Toujours là.",
        "status": "OPEN",
        **fields,
    }
    chosen_key = data.pop("api_key", key)

    response = post(client, chosen_key, **data)

    assert response.status_code == status, response.content
    root = parse(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == str(status)
    assert root.findtext("error/description")
    assert not Activity.objects.filter(kind=ActivityKind.RESIDENT_UPDATE).exists()


def test_a_read_only_key_cannot_post(client: Client, foyer):
    made = report(organisation=foyer)
    reader = api_key_create(name="Reader", scopes=["read"]).key

    response = post(client, reader, "json", service_request_id=made.reference, description="Hé")

    assert response.status_code == 403
    assert response.json()[0]["code"] == 403


def test_a_long_text_is_cut_for_the_reopen_reason_and_kept_whole_for_staff(
    client: Client, key: str, carol, foyer
):
    made = resolved(carol, foyer)

    response = post(
        client,
        key,
        service_request_id=made.reference,
        status="OPEN",
        description="x" * 2500,  # longer than a reopen reason: cut, not refused
        email="amina.demo@example.org",
    )

    assert response.status_code == 201
    assert len(ReopenRequest.objects.get().reason) == 2000
    assert len(Activity.objects.get(kind=ActivityKind.RESIDENT_UPDATE).data["text"]) == 2500
