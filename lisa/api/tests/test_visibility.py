"""The API shows what the back office shows: the permission matrix's tables, through /api/v1/.

The world (the `world` fixture, in conftest.py) and the tables are those of
lisa/backoffice/tests/test_permission_matrix.py, so that a change of who sees what changes the
screens and the API together.
"""

from __future__ import annotations

import pytest
from django.test import Client

from lisa.audit.models import AuditAction, AuditEvent
from lisa.backoffice.tests.test_permission_matrix import (
    ATTACHMENT_ACCESS,
    CASE_ACCESS,
    NOTE_ACCESS,
    PEOPLE,
    REASON_GIVEN,
    REPORT_ACCESS,
    grid,
    sees_as_staff,
)
from lisa.open311.keys import api_key_create
from lisa.testing.world import NOTES, REPORTS, World, description_of, email_of, note_body

pytestmark = pytest.mark.django_db

API = "/api/v1"


def session_for(world: World, person: str) -> Client:
    client = Client()
    client.force_login(world.people[person])
    return client


def key_for(world: World, person: str) -> Client:
    created = api_key_create(
        name=f"service of {person}", scopes=["read", "write"], user=world.people[person]
    )
    return Client(headers={"X-API-Key": created.key})


@pytest.mark.parametrize(("person", "report"), sorted(REPORT_ACCESS))
def test_a_report_shows_through_the_api_as_on_its_page(world, person, report):
    code = REPORT_ACCESS[person, report]
    reference = world.reports[report].reference

    response = session_for(world, person).get(f"{API}/reports/{reference}")

    if code == ".":
        assert response.status_code == 404
        assert response.json()["code"] == "report_not_found"
        return
    assert response.status_code == 200
    body = response.json()
    shows_text = sees_as_staff(code) or REPORTS[report][0] != "neighbourhood-dispute"
    assert (body["description"] == description_of(report)) == shows_text
    assert body["exact"] == shows_text
    assert body["access"]["as_staff"] == sees_as_staff(code)
    assert body["access"]["contact"] == {
        "D": "direct",
        "R": "with_reason",
        "r": "with_reason",
    }.get(code, "none")
    assert email_of(report) not in response.text


@pytest.mark.parametrize("person", PEOPLE)
def test_the_list_holds_exactly_the_reports_the_person_may_open_with_a_key_acting_as_them(
    world, person
):
    listed = key_for(world, person).get(f"{API}/reports", {"limit": 200}).json()["items"]

    by_reference = {r.reference: name for name, r in world.reports.items()}
    names = {
        by_reference[item["reference"]] for item in listed if item["reference"] in by_reference
    }
    assert names == {r for r in REPORTS if REPORT_ACCESS[person, r] != "."}


@pytest.mark.parametrize(("person", "report"), sorted(REPORT_ACCESS))
def test_contact_details_come_only_as_the_table_says_and_each_view_is_logged(world, person, report):
    code = REPORT_ACCESS[person, report]
    client = key_for(world, person)
    url = f"{API}/reports/{world.reports[report].reference}/contact"

    def logged() -> int:
        return AuditEvent.objects.filter(
            user=world.people[person], action=AuditAction.VIEW_PERSONAL_DATA
        ).count()

    if code in ".-a":
        assert client.post(url, {}, content_type="application/json").status_code == 404
        assert logged() == 0
        return
    if code in "Rr":
        refused = client.post(url, {"reason": "because"}, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["code"] == "reason_required"
        assert logged() == 0
    response = client.post(url, {"reason": REASON_GIVEN}, content_type="application/json")
    assert response.status_code == 200
    assert email_of(report) in {row["email"] for row in response.json()}
    assert logged() == world.reporters(report)


@pytest.mark.parametrize("person", PEOPLE)
def test_the_notes_of_a_report_are_those_the_person_may_read(world, person):
    response = session_for(world, person).get(
        f"{API}/reports/{world.reports['in_case'].reference}/notes"
    )

    if REPORT_ACCESS[person, "in_case"] == ".":
        assert response.status_code == 404
        return
    bodies = {note["body"] for note in response.json()}
    on_report = [note for note in NOTES if not NOTES[note][3]]
    assert bodies == {note_body(n) for n in on_report if NOTE_ACCESS[person, n] == "Y"}


@pytest.mark.parametrize("person", PEOPLE)
def test_the_files_of_a_report_are_those_the_person_may_open(world, person):
    response = session_for(world, person).get(
        f"{API}/reports/{world.reports['housing_in'].reference}/attachments"
    )

    expected = {
        world.attachments[name].pk
        for name in ("internal", "public")
        if ATTACHMENT_ACCESS[person, name] == "Y"
    }
    if REPORT_ACCESS[person, "housing_in"] == ".":
        assert response.status_code == 404
        assert not expected
        return
    assert {row["id"] for row in response.json()} == expected
    for name in ("internal", "public"):
        file = session_for(world, person).get(f"{API}/attachments/{world.attachments[name].pk}")
        assert file.status_code == (200 if ATTACHMENT_ACCESS[person, name] == "Y" else 404)


@pytest.mark.parametrize("person", PEOPLE)
def test_the_case_opens_only_for_who_may_see_it(world, person):
    client = session_for(world, person)

    one = client.get(f"{API}/cases/{world.case.reference}")
    listed = client.get(f"{API}/cases").json()["items"]

    if CASE_ACCESS[person, "case"] == "Y":
        assert one.status_code == 200
        assert world.case.reference in {case["reference"] for case in listed}
    else:
        assert one.status_code == 404
        assert one.json()["code"] == "case_not_found"
        assert listed == []


# Who may act on a report through the API (move it along, write to its residents, relate it,
# split it), as on its page: the staff of the handling organisation and the coordinator of
# the report's office.
#   H  acts (the action itself then judges the request)
#   x  sees the report but may not act: 403 not_handling
#   w  has no working role (analysts, administrators): 403 no_working_role, whatever they see
#   .  not found
# `transferred` went from the housing company to the cleanliness service: the company still
# sees it, and no longer acts on it. The desk agent works for the prevention service, which
# handles `private_in`.
HANDLING = grid("""
                      desk coord hous hmgr pol clean peace pol39 anal admin an+ho
housing_in              x    H     H    H    .    .     .     .     w    w     H
housing_out             .    .     H    H    .    .     .     .     w    w     H
other_in                x    H     .    .    .    H     .     .     w    w     x
other_out               .    .     .    .    .    .     .     .     w    w     x
transferred             .    .     x    x    .    H     .     .     w    w     x
desk_registered_out     x    .     .    .    .    .     .     .     w    w     x
in_case                 x    H     x    x    x    H     x     x     w    w     x
private_in              H    H     .    .    .    .     H     .     w    w     x
police_in               .    .     .    .    H    .     .     .     w    w     x
prevention_out          .    .     .    .    .    .     H     .     w    w     x
""")

# Each write asked with an empty request: a handler is refused by the action (nothing is
# written), anyone else before it.
WRITES = {
    "assign": ({"user": "nobody"}, "assignee_not_in_organisation"),
    "messages": ({"body": ""}, "message_required"),
    "questions": ({"question": ""}, "question_required"),
    "reopen-request": ({"accept": True}, "no_reopen_request"),
    "links": ({"related": ""}, "other_report_not_found"),
    "split": ({"parts": []}, "split_parts_required"),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize(("person", "report"), sorted(HANDLING))
def test_only_who_handles_a_report_acts_on_it(world, person, report, write):
    payload, refusal = WRITES[write]
    reference = world.reports[report].reference

    response = key_for(world, person).post(
        f"{API}/reports/{reference}/{write}", payload, content_type="application/json"
    )

    expected = {
        "H": (400, refusal),
        "x": (403, "not_handling"),
        "w": (403, "no_working_role"),
        ".": (404, "report_not_found"),
    }
    assert (response.status_code, response.json()["code"]) == expected[HANDLING[person, report]]
