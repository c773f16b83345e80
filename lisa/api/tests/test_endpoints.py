"""Each endpoint of /api/v1/ once through HTTP: keys and sessions, filters and pages, writes
through the actions, errors in one shape and in the caller's language."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from lisa.accounts.models import Team
from lisa.events.models import Event
from lisa.open311.keys import api_key_create, api_key_revoke
from lisa.open311.models import ApiKey
from lisa.reports.actions import reopen_request, report_transition
from lisa.reports.models import (
    Activity,
    ActivityKind,
    Channel,
    Message,
    Note,
    ReopenDecision,
    ReopenRequest,
    Report,
    ReporterRole,
    ReportLink,
    Status,
)
from lisa.testing.personas import VAILLANCE
from lisa.testing.world import ANSWER, QUESTION, World, description_of, email_of

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"


def key(world: World | None = None, person: str | None = None, scopes=("read", "write")) -> str:
    user = world.people[person] if world is not None and person else None
    return api_key_create(name="partner system", scopes=scopes, user=user).key


def with_key(secret: str, **headers: str) -> Client:
    return Client(headers={"X-API-Key": secret, **headers})


def reference_of(world: World, name: str) -> str:
    return world.reports[name].reference


# --- Authentication, scopes, CSRF ---------------------------------------------------------


def test_it_refuses_a_call_without_key_or_session(world):
    response = Client().get(f"{API}/categories")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_it_refuses_a_revoked_key(world):
    created = api_key_create(name="old system", scopes=["read"])
    api_key_revoke(api_key=created.api_key)

    response = with_key(created.key).get(f"{API}/categories")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_read_key_cannot_write(world):
    client = with_key(key(world, "housing", scopes=("read",)))

    read = client.get(f"{API}/reports/{reference_of(world, 'housing_in')}")
    written = client.post(
        f"{API}/reports/{reference_of(world, 'housing_in')}/notes",
        {"body": "hello", "visibility": "organisation"},
        content_type=JSON,
    )

    assert read.status_code == 200
    assert written.status_code == 403
    assert written.json()["code"] == "insufficient_scope"
    assert not Note.objects.filter(body="hello").exists()


def test_a_write_only_key_cannot_read(world):
    response = with_key(key(world, "housing", scopes=("write",))).get(f"{API}/categories")

    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_a_key_without_a_user_reads_public_data_but_no_report_and_writes_nothing(world):
    client = with_key(key())

    categories = client.get(f"{API}/categories")
    reports = client.get(f"{API}/reports")
    one = client.get(f"{API}/reports/{reference_of(world, 'housing_in')}")
    made = client.post(
        f"{API}/reports",
        {"category": "dumping-bulky", "lat": VAILLANCE[0], "lon": VAILLANCE[1], "description": "x"},
        content_type=JSON,
    )

    assert categories.status_code == 200
    assert reports.json() == {"items": [], "next_cursor": None}
    assert one.status_code == 404
    assert made.status_code == 403
    assert made.json()["code"] == "no_working_role"


def test_a_key_is_limited_in_requests(world, settings):
    settings.LISA_RATE_API_KEY = "2/m"
    client = with_key(key())

    answers = [client.get(f"{API}/categories").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_a_session_write_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["housing"])
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/notes"
    note = {"body": "Seen on site", "visibility": "organisation"}

    refused = client.post(url, note, content_type=JSON)
    client.get(f"{API}/docs")  # the documentation page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, note, content_type=JSON, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert accepted.status_code == 201
    assert Note.objects.filter(body="Seen on site").count() == 1


# --- Errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Il n'y a pas de signalement BXL-1999-000001."),
        ("nl", "Er is geen melding BXL-1999-000001."),
        ("en", "There is no report BXL-1999-000001."),
    ],
)
def test_an_error_is_a_code_and_a_message_in_the_callers_language(world, language, message):
    client = with_key(key(world, "housing"), **{"Accept-Language": language})

    response = client.get(f"{API}/reports/BXL-1999-000001")

    assert response.status_code == 404
    assert response.json() == {"code": "report_not_found", "message": message}


def test_without_accept_language_the_key_users_language_is_spoken(world):
    user = world.people["housing"]
    user.language = "nl"
    user.save(update_fields=["language"])

    response = with_key(key(world, "housing")).get(f"{API}/reports/BXL-1999-000001")

    assert response.json()["message"] == "Er is geen melding BXL-1999-000001."


def test_invalid_input_is_a_422_with_the_code_invalid_and_the_fields_named(world):
    client = with_key(key(world, "housing"), **{"Accept-Language": "fr"})

    response = client.get(f"{API}/reports", {"limit": 500})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "limit" in response.json()["message"]


@pytest.mark.parametrize(
    "name", ["category", "organisation", "office", "neighbourhood", "municipality"]
)
def test_an_id_larger_than_the_database_holds_is_a_422_not_a_server_error(world, name):
    response = with_key(key(world, "analyst")).get(
        f"{API}/reports", {name: "275286557392528377643008"}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert name in response.json()["message"]


def test_text_with_a_nul_character_is_refused_naming_where_it_was(world):
    # No database stores a NUL character (PostgreSQL refuses it): bad input, not a 500.
    client = with_key(key(world, "housing"))
    reference = reference_of(world, "housing_in")

    in_body = client.post(
        f"{API}/reports/{reference}/notes",
        {"body": "Seen\x00 twice", "visibility": "organisation"},
        content_type=JSON,
    )
    nested = client.post(
        f"{API}/reports/{reference}/split",
        {"parts": [{"category": "dumping-bulky\x00", "description": "Pile"}]},
        content_type=JSON,
    )
    in_query = client.get(f"{API}/reports", {"q": "mattress\x00"})
    in_path = client.get(f"{API}/reports/BXL%00")

    for response, field in ((in_body, "body"), (nested, "parts.0.category")):
        assert response.status_code == 422
        assert response.json()["code"] == "invalid"
        assert field in response.json()["message"]
    # Query strings and paths are refused before the API, for the whole site (lisa.lib.nul).
    for response in (in_query, in_path):
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
    assert Note.objects.filter(body__startswith="Seen").count() == 0


def test_a_body_that_is_not_json_is_a_400(world):
    response = with_key(key(world, "housing")).post(
        f"{API}/reports", "{not json", content_type=JSON
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_a_refusal_of_an_action_keeps_its_code(world):
    response = with_key(key(world, "housing")).post(
        f"{API}/reports",
        {"category": "dumping-bulky", "lat": 50.9, "lon": 4.6, "description": "Outside"},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert response.json()["code"] == "outside_region"


# --- Reports -------------------------------------------------------------------------------


def test_the_list_is_paged_by_an_opaque_cursor_without_gaps_or_repeats(world):
    client = with_key(key(world, "analyst"))

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/reports", params).json()
        seen += [item["reference"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == Report.objects.count()
    assert pages == -(-Report.objects.count() // 3)


def test_a_cursor_not_given_by_the_api_is_refused(world):
    response = with_key(key(world, "analyst")).get(f"{API}/reports", {"cursor": "bm9wZQ=="})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_the_list_filters_as_the_queue_does(world):
    client = with_key(key(world, "analyst"))
    acknowledged = client.get(f"{API}/reports", {"status": "acknowledged"}).json()["items"]
    by_words = client.get(f"{API}/reports", {"q": description_of("housing_in")}).json()["items"]
    private_words = client.get(f"{API}/reports", {"q": description_of("private_in")}).json()
    housing = world.reports["housing_in"].organisation_id
    by_organisation = client.get(f"{API}/reports", {"organisation": housing}).json()["items"]

    assert [r["reference"] for r in acknowledged] == [reference_of(world, "housing_in")]
    assert [r["reference"] for r in by_words] == [reference_of(world, "housing_in")]
    # As in the queue: an analyst never finds a private report by the words of its text.
    assert private_words["items"] == []
    assert {r["organisation"]["code"] for r in by_organisation} == {"foyer-anderlechtois"}


def test_a_partner_system_makes_a_report_routed_like_any_other(world):
    response = with_key(key(world, "housing")).post(
        f"{API}/reports",
        {
            "category": "dumping-bulky",
            "lat": VAILLANCE[0],
            "lon": VAILLANCE[1],
            "description": "Mattresses on the pavement",
            "reporter": {"name": "Erin", "email": "erin@example.org"},
        },
        content_type=JSON,
    )

    assert response.status_code == 201
    report = Report.objects.get(reference=response.json()["reference"])
    assert report.channel == Channel.API
    assert report.created_by == world.people["housing"]
    assert report.organisation is not None
    assert response.json()["routing_explanation"]


def test_the_handler_moves_a_report_along_and_others_cannot(world):
    reference = reference_of(world, "housing_in")

    refused = with_key(key(world, "cleaner")).post(
        f"{API}/reports/{reference_of(world, 'other_in')}/status",
        {"status": "rejected"},
        content_type=JSON,
    )
    outsider = with_key(key(world, "cleaner")).post(
        f"{API}/reports/{reference}/status", {"status": "in_progress"}, content_type=JSON
    )
    moved = with_key(key(world, "housing")).post(
        f"{API}/reports/{reference}/status", {"status": "in_progress"}, content_type=JSON
    )
    wrong = with_key(key(world, "housing")).post(
        f"{API}/reports/{reference}/status", {"status": "new"}, content_type=JSON
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "rejection_reason_required"
    assert outsider.status_code == 404
    assert moved.status_code == 200
    assert moved.json()["status"] == Status.IN_PROGRESS
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "invalid_transition"


def test_a_transfer_out_of_sight_leaves_the_report_not_found(world):
    response = with_key(key(world, "housing")).post(
        f"{API}/reports/{reference_of(world, 'housing_out')}/status",
        {"status": "transferred", "organisation": "police-5341", "reason": "Speeding"},
        content_type=JSON,
    )

    # Transferred, the housing company still sees it (it handled it): the new state shows.
    assert response.status_code == 200
    assert response.json()["status"] == Status.NEW
    assert response.json()["organisation"]["code"] == "police-5341"


def test_a_report_is_marked_a_duplicate_of_another_the_caller_sees(world):
    response = with_key(key(world, "housing")).post(
        f"{API}/reports/{reference_of(world, 'housing_out')}/status",
        {"status": "duplicate", "duplicate_of": reference_of(world, "housing_in")},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["status"] == Status.DUPLICATE


def test_a_police_officer_writes_a_police_only_note_and_a_housing_agent_cannot(world):
    url = f"{API}/reports/{reference_of(world, 'in_case')}/notes"
    note = {"body": "Plates noted", "visibility": "police"}

    written = with_key(key(world, "police")).post(url, note, content_type=JSON)
    refused = with_key(key(world, "housing")).post(url, note, content_type=JSON)
    read_by_housing = with_key(key(world, "housing")).get(url).json()

    assert written.status_code == 201
    assert written.json()["organisation"]["code"] == "police-5341"
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid_visibility"
    assert "Plates noted" not in {n["body"] for n in read_by_housing}


def test_the_handler_adds_a_photo_and_an_outsider_cannot(world):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(buffer, format="PNG")
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/attachments"

    def upload(person: str):
        buffer.seek(0)
        photo = io.BytesIO(buffer.getvalue())
        photo.name = "site.png"
        return with_key(key(world, person)).post(url, {"file": photo, "is_public": "true"})

    added = upload("housing")
    refused = upload("desk")

    assert added.status_code == 201
    assert added.json()["is_public"] is True
    assert added.json()["content_type"].startswith("image/")
    content = with_key(key(world, "housing")).get(added.json()["url"])
    assert content.status_code == 200
    assert content["Content-Type"] == added.json()["content_type"]
    assert content.getvalue()
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_handling"


def test_the_handler_assigns_a_report_to_a_colleague_or_a_team_of_its_organisation(world):
    client = with_key(key(world, "housing"), **{"Accept-Language": "nl"})
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/assign"
    colleague = world.people["housing_manager"].get_username()
    Team.objects.create(
        organisation=world.reports["housing_in"].organisation,
        name_fr="Équipe nord",
        name_nl="Ploeg noord",
    )

    to_colleague = client.post(url, {"user": colleague}, content_type=JSON)
    # An analyst sees the report, not who works on it.
    read_by_analyst = with_key(key(world, "analyst")).get(
        f"{API}/reports/{reference_of(world, 'housing_in')}"
    )
    to_team = client.post(url, {"team": "Équipe nord"}, content_type=JSON)
    police = client.post(url, {"user": world.people["police"].get_username()}, content_type=JSON)
    no_team = client.post(url, {"team": "Ploeg zuid"}, content_type=JSON)
    to_no_one = client.post(url, {}, content_type=JSON)

    assert to_colleague.status_code == 200
    assert to_colleague.json()["assigned_to"] == colleague
    assert to_team.status_code == 200
    # Given to the team alone, named in the caller's language.
    assert (to_team.json()["assigned_to"], to_team.json()["assigned_team"]) == (
        None,
        "Ploeg noord",
    )
    # Someone outside the organisation is not confirmed to exist.
    assert police.status_code == 400
    assert police.json()["code"] == "assignee_not_in_organisation"
    assert no_team.status_code == 400
    assert no_team.json()["code"] == "team_not_in_organisation"
    assert to_no_one.status_code == 200
    assert (to_no_one.json()["assigned_to"], to_no_one.json()["assigned_team"]) == (None, None)
    assert (
        Activity.objects.filter(
            report=world.reports["housing_in"], kind=ActivityKind.ASSIGNED
        ).count()
        == 3
    )
    assert read_by_analyst.json()["assigned_to"] is None


def test_the_handler_relates_two_reports_and_only_to_one_it_may_open(world):
    client = with_key(key(world, "housing"))
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/links"

    linked = client.post(url, {"related": reference_of(world, "housing_out")}, content_type=JSON)
    again = client.post(url, {"related": reference_of(world, "housing_out")}, content_type=JSON)
    unseen = client.post(url, {"related": reference_of(world, "other_out")}, content_type=JSON)

    assert linked.status_code == 200
    assert (
        ReportLink.objects.filter(
            report__in=[world.reports["housing_in"], world.reports["housing_out"]]
        ).count()
        == 1
    )
    assert again.status_code == 400
    assert again.json()["code"] == "already_linked"
    # A report out of the caller's sight is named as unseen, never confirmed to exist.
    assert unseen.status_code == 400
    assert unseen.json()["code"] == "other_report_not_found"


def test_the_handler_writes_to_the_resident_and_an_outsider_cannot(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/messages"
    body = "The bulky waste is collected on Tuesday."

    with django_capture_on_commit_callbacks(execute=True):
        sent = with_key(key(world, "housing")).post(url, {"body": body}, content_type=JSON)
    outsider = with_key(key(world, "cleaner")).post(url, {"body": body}, content_type=JSON)
    empty = with_key(key(world, "housing")).post(url, {"body": "  "}, content_type=JSON)

    assert sent.status_code == 201
    assert sent.json()["organisation"]["code"] == "foyer-anderlechtois"
    assert Message.objects.filter(report=world.reports["housing_in"], body=body).count() == 1
    # Every resident behind the report is told: the one who reported it and the one who
    # supported it.
    assert sorted(m.to[0] for m in mailoutbox if body in m.body) == sorted(
        [email_of("housing_in"), email_of("housing_in", "supporter")]
    )
    assert outsider.status_code == 404
    assert empty.status_code == 400
    assert empty.json()["code"] == "message_required"


def test_the_handler_asks_the_residents_and_reads_their_answers_and_an_analyst_does_not(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    url = f"{API}/reports/{reference_of(world, 'housing_in')}/questions"
    housing = with_key(key(world, "housing"))
    question = "Is the pile in front of number 27 or 29?"

    read = housing.get(url).json()
    with django_capture_on_commit_callbacks(execute=True):
        asked = housing.post(url, {"question": question}, content_type=JSON)
    empty = housing.post(url, {"question": " "}, content_type=JSON)
    by_analyst = with_key(key(world, "analyst")).get(url)

    assert [(q["question"], q["answer"]) for q in read] == [(QUESTION, ANSWER)]
    assert asked.status_code == 201
    assert asked.json()["answer"] is None
    # Asked of the resident who reported it, as on the report page.
    assert [m.to for m in mailoutbox if question in m.body] == [[email_of("housing_in")]]
    assert empty.status_code == 400
    assert empty.json()["code"] == "question_required"
    # The residents' words are personal data: not for an analyst.
    assert by_analyst.status_code == 200
    assert by_analyst.json() == []


def _not_solved(world: World, name: str, reason: str) -> Report:
    report = world.reports[name]
    if report.status == Status.NEW:
        report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=world.people["housing"])
    report_transition(report=report, to_status=Status.RESOLVED, by=world.people["housing"])
    reopen_request(reporter=report.reporters.get(role=ReporterRole.REPORTER), reason=reason)
    return report


def test_the_handler_declines_or_accepts_a_residents_not_solved(world):
    housing = with_key(key(world, "housing"))

    def answer(report: Report, **given):
        return housing.post(
            f"{API}/reports/{report.reference}/reopen-request", given, content_type=JSON
        )

    none_waiting = answer(world.reports["housing_in"], accept=True)
    declined_one = _not_solved(world, "housing_in", "The pile is still there.")
    no_reason = answer(declined_one, accept=False)
    declined = answer(declined_one, accept=False, message="That pile is on private ground.")
    accepted_one = _not_solved(world, "housing_out", "The pile is back.")
    accepted = answer(accepted_one, accept=True, message="We come back this week.")

    assert none_waiting.status_code == 400
    assert none_waiting.json()["code"] == "no_reopen_request"
    assert no_reason.status_code == 400
    assert no_reason.json()["code"] == "decline_reason_required"
    assert declined.status_code == 200
    assert declined.json()["status"] == Status.RESOLVED
    assert accepted.status_code == 200
    assert accepted.json()["status"] == Status.IN_PROGRESS
    decisions = ReopenRequest.objects.filter(report__in=[declined_one, accepted_one])
    assert sorted(decisions.values_list("decision", flat=True)) == sorted(
        [ReopenDecision.DECLINED, ReopenDecision.ACCEPTED]
    )


def test_the_handler_splits_a_report_and_sees_the_children_it_may_open(world):
    client = with_key(key(world, "housing"))
    parent = world.reports["housing_in"]
    url = f"{API}/reports/{parent.reference}/split"

    split = client.post(
        url,
        {
            "parts": [
                {
                    "category": "dumping-bulky",
                    "description": "A second pile of furniture by the garages",
                    "organisation": "foyer-anderlechtois",
                },
                {"category": "traffic-speeding", "description": "Cars racing past the school"},
            ]
        },
        content_type=JSON,
    )
    unknown = client.post(
        url, {"parts": [{"category": "no-such", "description": "Something"}]}, content_type=JSON
    )
    too_many = client.post(
        url,
        {"parts": [{"category": "dumping-bulky", "description": "Pile"}] * 6},
        content_type=JSON,
    )

    children = Report.objects.filter(parent=parent).order_by("id")
    assert split.status_code == 201
    assert [c.category.code for c in children] == ["dumping-bulky", "traffic-speeding"]
    assert children[0].organisation.code == "foyer-anderlechtois"
    # The second is routed by the rules, as any report: to the police of the zone.
    assert children[1].organisation.code == "police-5341"
    shown = {r["reference"] for r in split.json()}
    assert children[0].reference in shown
    assert shown <= {c.reference for c in children}
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "category_required"
    assert unknown.json()["field"] == "parts.0.category"
    assert too_many.status_code == 422
    assert children.count() == 2


# --- Cases ---------------------------------------------------------------------------------


def test_a_coordinator_opens_and_closes_a_case_and_a_partner_cannot_open_one(world):
    client = with_key(key(world, "coordinator"))

    opened = client.post(
        f"{API}/cases",
        {
            "office": "test-vaillance",
            "title": "Dumping behind the school",
            "reports": [reference_of(world, "other_in")],
        },
        content_type=JSON,
    )
    reference = opened.json()["reference"]
    closed = client.post(f"{API}/cases/{reference}/status", {"status": "closed"}, content_type=JSON)
    again = client.post(f"{API}/cases/{reference}/status", {"status": "closed"}, content_type=JSON)
    partner = with_key(key(world, "housing")).post(
        f"{API}/cases", {"office": "test-vaillance", "title": "Mine"}, content_type=JSON
    )

    assert opened.status_code == 201
    assert opened.json()["reports"] == [reference_of(world, "other_in")]
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert again.status_code == 400
    assert again.json()["code"] == "case_already_closed"
    assert partner.status_code == 400
    assert partner.json()["code"] == "office_required"


def test_the_office_adds_reports_and_tasks_to_a_case_and_each_partner_closes_its_own(world):
    coordinator = with_key(key(world, "coordinator"))
    opened = coordinator.post(
        f"{API}/cases",
        {"office": "test-vaillance", "title": "Dumping at the garages"},
        content_type=JSON,
    ).json()
    url = f"{API}/cases/{opened['reference']}"
    other_in = reference_of(world, "other_in")

    added = coordinator.post(f"{url}/reports", {"report": other_in}, content_type=JSON)
    twice = coordinator.post(f"{url}/reports", {"report": other_in}, content_type=JSON)
    # The housing company has a task in the world's case, so it sees it, but does not run it.
    by_partner = with_key(key(world, "housing")).post(
        f"{API}/cases/{world.case.reference}/tasks",
        {"organisation": "foyer-anderlechtois", "description": "Mine"},
        content_type=JSON,
    )
    given = coordinator.post(
        f"{url}/tasks",
        {
            "organisation": "anderlecht-cleanliness",
            "description": "Clear the pile",
            "due_on": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
        },
        content_type=JSON,
    )
    task_id = given.json()["tasks"][0]["id"]
    police_task = world.case.tasks.get(organisation__code="police-5341")
    not_theirs = with_key(key(world, "housing")).post(
        f"{API}/cases/{world.case.reference}/tasks/{police_task.pk}/done",
        {"outcome": "Done"},
        content_type=JSON,
    )
    out_of_sight = with_key(key(world, "police")).post(
        f"{url}/tasks/{task_id}/done", {"outcome": "Done"}, content_type=JSON
    )
    absent = coordinator.post(f"{url}/tasks/2147483647/done", {}, content_type=JSON)
    done = with_key(key(world, "cleaner")).post(
        f"{url}/tasks/{task_id}/done", {"outcome": "Pile cleared"}, content_type=JSON
    )

    assert added.status_code == 200
    assert added.json()["reports"] == [other_in]
    assert twice.status_code == 400
    assert twice.json()["code"] == "report_already_in_case"
    assert (by_partner.status_code, by_partner.json()["code"]) == (400, "not_office_staff")
    assert given.status_code == 201
    assert given.json()["tasks"][0]["organisation"]["code"] == "anderlecht-cleanliness"
    assert (not_theirs.status_code, not_theirs.json()["code"]) == (400, "not_your_task")
    assert (out_of_sight.status_code, out_of_sight.json()["code"]) == (404, "case_not_found")
    assert absent.status_code == 404
    assert absent.json()["code"] == "task_not_found"
    assert done.status_code == 200
    assert done.json()["tasks"][0]["status"] == "done"
    # Its last open task done, the case closes.
    assert done.json()["status"] == "closed"


# --- Reference data ------------------------------------------------------------------------


def test_categories_and_areas_carry_french_and_dutch_names(world):
    client = with_key(key())

    categories = client.get(f"{API}/categories").json()
    municipalities = client.get(f"{API}/areas", {"kind": "municipality"}).json()
    zones = client.get(f"{API}/areas", {"kind": "police_zone"}).json()

    dumping = next(c for c in categories if c["code"] == "dumping-bulky")
    assert dumping["name_fr"]
    assert dumping["name_nl"]
    assert len(municipalities) == 19
    anderlecht = next(a for a in municipalities if a["code"] == "21001")
    assert (anderlecht["name_fr"], anderlecht["name_nl"]) == ("Anderlecht", "Anderlecht")
    assert len(zones) == 6


def test_locate_names_the_areas_of_a_point_and_refuses_one_outside(world):
    client = with_key(key())

    inside = client.get(f"{API}/locate", {"lat": str(VAILLANCE[0]), "lon": str(VAILLANCE[1])})
    outside = client.get(f"{API}/locate", {"lat": "50.9", "lon": "4.6"})

    assert inside.status_code == 200
    assert inside.json()["municipality"]["code"] == "21001"
    assert inside.json()["police_zone"]["code"] == "5341"
    assert outside.status_code == 400
    assert outside.json()["code"] == "outside_region"


def test_route_says_who_would_handle_it_and_writes_nothing(world):
    before = Report.objects.count()

    response = with_key(key(), **{"Accept-Language": "nl"}).post(
        f"{API}/route",
        {"category": "traffic-speeding", "lat": VAILLANCE[0], "lon": VAILLANCE[1]},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["organisation"]["code"] == "police-5341"
    assert response.json()["explanation"]
    assert Report.objects.count() == before


def test_offices_and_events_are_the_public_ones(world):
    office = world.offices["vaillance"]
    now = timezone.now()
    Event.objects.create(
        office=office,
        kind="meeting",
        title="Neighbourhood meeting",
        place="Salle Vaillance",
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=2),
        is_public=True,
        created_by=world.people["coordinator"],
        created_at=now,
        updated_by=world.people["coordinator"],
        updated_at=now,
    )
    client = with_key(key())

    offices = client.get(f"{API}/offices").json()
    events = client.get(f"{API}/events").json()

    assert "test-vaillance" in {o["code"] for o in offices}
    assert [e["title"] for e in events] == ["Neighbourhood meeting"]


# --- The OpenAPI document and its page -----------------------------------------------------


def test_the_openapi_document_and_its_page_are_served_by_lisa(world):
    client = Client()

    document = client.get(f"{API}/openapi.json")
    page = client.get(f"{API}/docs")

    assert document.status_code == 200
    assert "/api/v1/reports/{reference}" in document.json()["paths"]
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # Under the Content-Security-Policy: no inline script, only LISA's own files.
    assert "<script>" not in html.replace(" ", "")
    assert "script-src 'self'" in page["Content-Security-Policy"]


# --- Keys acting as a person ---------------------------------------------------------------


def test_the_command_makes_a_key_acting_as_a_user_that_sees_what_they_see(world):
    out = StringIO()
    call_command(
        "create_api_key",
        "--name",
        "Foyer's system",
        "--user",
        world.people["housing"].username,
        "--scopes",
        "read",
        stdout=out,
    )
    secret = out.getvalue().strip().splitlines()[-1]

    mine = with_key(secret).get(f"{API}/reports/{reference_of(world, 'housing_in')}")
    theirs = with_key(secret).get(f"{API}/reports/{reference_of(world, 'police_in')}")

    assert ApiKey.objects.get(name="Foyer's system").user == world.people["housing"]
    assert mine.status_code == 200
    assert theirs.status_code == 404


def test_the_command_refuses_an_unknown_user(world):
    with pytest.raises(CommandError):
        call_command("create_api_key", "--name", "x", "--user", "nobody", stdout=StringIO())


def test_a_key_of_a_deactivated_user_sees_no_report(world):
    secret = key(world, "housing")
    user = world.people["housing"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = with_key(secret).get(f"{API}/reports/{reference_of(world, 'housing_in')}")

    assert response.status_code == 404


def test_a_page_of_reports_costs_the_same_queries_whatever_its_length(world):
    client = with_key(key(world, "analyst_housing"))

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/reports", {"limit": limit}).status_code == 200
        return len(captured)

    queries(1)  # the first request of a key fills the caches of its person's memberships
    assert queries(2) == queries(10)
