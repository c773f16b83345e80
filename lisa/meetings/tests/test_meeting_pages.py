"""The back-office screens of meetings, through HTTP: list, schedule, page, actions."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from lisa.meetings.actions import action_item_add, meeting_schedule
from lisa.meetings.models import ActionItem, Meeting, MeetingKind, MeetingStatus
from lisa.meetings.tests.conftest import a_report, at
from lisa.testing.personas import organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(marc, anderlecht_office):
    return meeting_schedule(
        office=anderlecht_office,
        kind=MeetingKind.PARTNERSHIP,
        title="Réunion de partenariat de novembre",
        starts_at=at(-1, 9),
        ends_at=at(-1, 11),
        place="Antenne Vaillance",
        by=marc,
    )


def test_the_coordinator_schedules_a_meeting_and_finds_the_overdue_reports_on_its_agenda(
    client, marc, anderlecht_office
):
    late = a_report(days_late=4)
    client.force_login(marc)
    day = (timezone.localdate() + dt.timedelta(days=5)).isoformat()

    response = client.post(
        "/staff/meetings/new/",
        {
            "office": anderlecht_office.pk,
            "kind": "partnership",
            "title": "Réunion de décembre",
            "day": day,
            "starts": "09:30",
            "ends": "11:00",
            "place": "Antenne Vaillance",
            "invited": [organisation("anderlecht-prevention").pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/meetings/{meeting.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert late.reference in page
    assert "Réunion de décembre" in client.get("/staff/meetings/").content.decode()


def test_bad_input_is_a_400_with_the_reason(client, marc, anderlecht_office, meeting):
    client.force_login(marc)
    day = timezone.localdate().isoformat()
    response = client.post(
        "/staff/meetings/new/",
        {
            "office": anderlecht_office.pk,
            "kind": "partnership",
            "title": "Réunion",
            "day": day,
            "starts": "11:00",
            "ends": "09:00",
            "place": "Antenne",
        },
    )
    assert response.status_code == 400
    response = client.post(
        f"/staff/meetings/{meeting.pk}/do/add-item/",
        {"text": "Quelque chose", "organisation": "x", "due_on": "demain"},
    )
    assert response.status_code == 400
    response = client.post(f"/staff/meetings/{meeting.pk}/do/explode/")
    assert response.status_code == 400
    response = client.post(
        f"/staff/meetings/{meeting.pk}/do/minutes/", {"minutes": "ok", "residents": "beaucoup"}
    )
    assert response.status_code == 400


def test_minutes_and_action_items_through_the_page(client, marc, meeting):
    client.force_login(marc)
    prevention = organisation("anderlecht-prevention")

    client.post(
        f"/staff/meetings/{meeting.pk}/do/minutes/",
        {"minutes": "Tour de table des partenaires.", "present": [prevention.pk], "residents": ""},
    )
    client.post(
        f"/staff/meetings/{meeting.pk}/do/add-item/",
        {
            "text": "Nettoyer le coin de la rue Wayez.",
            "organisation": prevention.pk,
            "due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
    )
    item = ActionItem.objects.get()
    client.post(f"/staff/meetings/{meeting.pk}/do/done/", {"item": item.pk, "note": "Fait."})

    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes == "Tour de table des partenaires."
    assert item.is_done
    assert item.done_note == "Fait."


def test_a_meeting_of_another_office_is_not_found_and_others_cannot_schedule(
    client, carol, dave, meeting
):
    client.force_login(carol)
    assert client.get(f"/staff/meetings/{meeting.pk}/").status_code == 404
    assert client.get("/staff/meetings/new/").status_code == 403
    client.force_login(dave)
    assert client.get("/staff/meetings/").status_code == 403


def test_a_partner_sees_its_item_and_marks_it_done_but_does_not_run_the_meeting(
    client, marc, carol, anderlecht_office, meeting
):
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    item = action_item_add(
        meeting=meeting,
        text="Réparer l'éclairage du hall.",
        organisation=organisation("foyer-anderlechtois"),
        due_on=timezone.localdate() + dt.timedelta(days=10),
        by=marc,
    )
    client.force_login(carol)

    page = client.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert "Réparer l&#x27;éclairage du hall." in page
    assert "do/add-item/" not in page
    assert client.post(f"/staff/meetings/{meeting.pk}/do/prepare/").status_code == 400
    client.post(f"/staff/meetings/{meeting.pk}/do/done/", {"item": item.pk})
    item.refresh_from_db()
    assert item.is_done


def test_the_list_page_reads_a_fixed_number_of_queries(
    client, marc, anderlecht_office, django_assert_max_num_queries
):
    for n in range(5):
        meeting_schedule(
            office=anderlecht_office,
            kind=MeetingKind.THEMATIC,
            title=f"Réunion {n}",
            starts_at=at(n, 9),
            ends_at=at(n, 11),
            place="Antenne",
            by=marc,
        )
    client.force_login(marc)
    with django_assert_max_num_queries(12):
        assert client.get("/staff/meetings/").status_code == 200


def test_the_meeting_is_an_icalendar_file_for_those_who_see_it(client, marc, carol, meeting):
    client.force_login(marc)
    response = client.get(f"/staff/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Réunion de partenariat de novembre"
    assert event.decoded("dtstart") == meeting.starts_at
    client.force_login(carol)
    assert client.get(f"/staff/meetings/{meeting.pk}/meeting.ics").status_code == 404


def test_the_meeting_page_reads_a_fixed_number_of_queries(
    client, marc, anderlecht_office, django_assert_max_num_queries
):
    for n in range(4):
        a_report(days_late=n + 1, description=f"Dépôt numéro {n}.")
    meeting = meeting_schedule(
        office=anderlecht_office,
        kind=MeetingKind.PARTNERSHIP,
        title="Réunion",
        starts_at=at(-1, 9),
        ends_at=at(-1, 11),
        place="Antenne",
        by=marc,
    )
    for n in range(3):
        action_item_add(
            meeting=meeting,
            text=f"Action {n}",
            organisation=organisation("anderlecht-prevention"),
            due_on=timezone.localdate() + dt.timedelta(days=n + 5),
            by=marc,
        )
    client.force_login(marc)
    with django_assert_max_num_queries(20):
        page = client.get(f"/staff/meetings/{meeting.pk}/").content.decode()
    assert page.count("agenda-overdue") == 1
