"""Scheduling meetings, their agenda, minutes and action items, and who sees them."""

import datetime as dt

import pytest
from django.utils import timezone

from lisa.accounts.models import Role
from lisa.cases.actions import case_open, task_add
from lisa.errors import LisaError
from lisa.meetings.actions import (
    action_item_add,
    action_item_done,
    meeting_cancel,
    meeting_prepare_agenda,
    meeting_record_minutes,
    meeting_schedule,
)
from lisa.meetings.models import MeetingKind, MeetingStatus
from lisa.meetings.selectors import (
    agenda_of,
    hot_spots_of,
    meeting_for,
    meetings_visible_to,
    open_action_items_of,
)
from lisa.meetings.tests.conftest import a_report, at
from lisa.reports.models import Report
from lisa.testing.factories import OfficeFactory, UserFactory, grant
from lisa.testing.personas import GRAND_PLACE, area, organisation

pytestmark = pytest.mark.django_db


def schedule(office, by, *, days=7, title="Réunion de partenariat", **changes):
    values = {
        "office": office,
        "kind": MeetingKind.PARTNERSHIP,
        "title": title,
        "starts_at": at(days, 9),
        "ends_at": at(days, 11),
        "place": "Antenne Vaillance, salle de réunion",
        "by": by,
    }
    values.update(changes)
    return meeting_schedule(**values)


@pytest.fixture
def other_office():
    return OfficeFactory.create(
        code="test-grand-place",
        municipality=area("municipality", "21004"),
        lat=GRAND_PLACE[0],
        lon=GRAND_PLACE[1],
        coordinator=organisation("anderlecht-prevention"),
    )


def test_it_lists_the_overdue_reports_of_the_office_and_not_another_offices(
    marc, anderlecht_office, other_office
):
    late = a_report(days_late=5)
    on_time = a_report(description="Sacs poubelle déposés hier soir.")
    elsewhere = a_report(days_late=9, description="Dépôt rue du Midi.")
    Report.objects.filter(pk=elsewhere.pk).update(office=other_office)

    meeting = schedule(anderlecht_office, marc)

    overdue = [row.report.reference for row in agenda_of(marc, meeting).overdue_reports]
    assert overdue == [late.reference]
    assert on_time.reference not in overdue
    assert meeting.agenda_prepared_at is not None


def test_it_lists_the_open_cases_of_the_office(marc, anderlecht_office):
    case = case_open(office=anderlecht_office, title="Immeuble rue Wayez 12", by=marc)
    task_add(
        case=case, organisation=organisation("foyer-anderlechtois"), description="Visite", by=marc
    )

    meeting = schedule(anderlecht_office, marc)

    assert [row.case for row in agenda_of(marc, meeting).cases] == [case]


def test_it_finds_a_hot_spot_where_the_same_problem_was_reported_three_times(
    marc, anderlecht_office
):
    for n in range(3):
        a_report(description=f"Dépôt clandestin numéro {n} au même coin.")
    a_report(code="lighting-out", description="Lampadaire éteint.")

    spots = hot_spots_of(marc, anderlecht_office)

    assert [(s.category.code, s.count) for s in spots] == [("dumping", 3)]
    meeting = schedule(anderlecht_office, marc)
    rows = agenda_of(marc, meeting).hot_spots
    assert [(r.item.category.code, r.item.count) for r in rows] == [("dumping", 3)]


def test_two_reports_are_no_hot_spot_and_old_ones_do_not_count(marc, anderlecht_office):
    a_report()
    a_report()
    old = a_report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))

    assert hot_spots_of(marc, anderlecht_office) == []


def test_an_open_action_item_is_carried_to_the_next_agenda_until_done(marc, anderlecht_office):
    first = schedule(anderlecht_office, marc, days=-14, title="Réunion d'octobre")
    meeting_record_minutes(meeting=first, minutes="Tour de table.", by=marc)
    item = action_item_add(
        meeting=first,
        text="Placer une caméra de surveillance rue Wayez.",
        organisation=organisation("anderlecht-prevention"),
        due_on=timezone.localdate(),
        by=marc,
    )

    second = schedule(anderlecht_office, marc, days=7, title="Réunion de novembre")
    assert [row.action_item for row in agenda_of(marc, second).action_items] == [item]

    action_item_done(item=item, by=marc, note="Caméra posée.")
    third = schedule(anderlecht_office, marc, days=21, title="Réunion de décembre")
    assert agenda_of(marc, third).action_items == []
    # The agenda prepared before stays as it was, the item now shown done.
    (row,) = agenda_of(marc, second).action_items
    assert row.action_item.is_done


def test_an_agenda_lists_the_items_of_meetings_before_it_only(marc, anderlecht_office):
    # Scheduled first, held last: its agenda, prepared again, takes the later decision.
    next_week = schedule(anderlecht_office, marc, days=7)
    three_days_ago = schedule(anderlecht_office, marc, days=-3)
    action_item_add(
        meeting=three_days_ago,
        text="Courrier aux propriétaires.",
        organisation=organisation("anderlecht-prevention"),
        due_on=timezone.localdate() + dt.timedelta(days=10),
        by=marc,
    )

    meeting_prepare_agenda(meeting=next_week, by=marc)

    assert [r.action_item.text for r in agenda_of(marc, next_week).action_items] == [
        "Courrier aux propriétaires."
    ]
    assert open_action_items_of(marc, anderlecht_office, before=three_days_ago.starts_at) == []


def test_minutes_make_the_meeting_held_with_attendance(marc, anderlecht_office):
    now = timezone.now()
    meeting = schedule(
        anderlecht_office,
        marc,
        kind=MeetingKind.ACTIVITY,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )

    meeting_record_minutes(
        meeting=meeting,
        minutes="Balade exploratoire : 4 points noirs relevés.",
        present=[organisation("anderlecht-prevention")],
        residents_present=17,
        by=marc,
    )

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.residents_present == 17
    assert list(meeting.present.values_list("code", flat=True)) == ["anderlecht-prevention"]


def test_minutes_wait_for_the_meeting_and_a_held_meeting_keeps_its_agenda(marc, anderlecht_office):
    meeting = schedule(anderlecht_office, marc, days=7)
    with pytest.raises(LisaError) as error:
        meeting_record_minutes(meeting=meeting, minutes="Trop tôt.", by=marc)
    assert error.value.code == "meeting_not_started"

    held = schedule(anderlecht_office, marc, days=-7)
    meeting_record_minutes(meeting=held, minutes="Fait.", by=marc)
    with pytest.raises(LisaError) as error:
        meeting_prepare_agenda(meeting=held, by=marc)
    assert error.value.code == "meeting_not_planned"


def test_it_refuses_bad_input(marc, anderlecht_office):
    with pytest.raises(LisaError) as error:
        schedule(anderlecht_office, marc, title="  ")
    assert error.value.field == "title"
    with pytest.raises(LisaError) as error:
        schedule(anderlecht_office, marc, ends_at=at(7, 8))
    assert error.value.code == "ends_before_start"
    with pytest.raises(LisaError) as error:
        schedule(anderlecht_office, marc, invited=[organisation("foyer-anderlechtois")])
    assert error.value.code == "not_office_partner"
    meeting = schedule(anderlecht_office, marc)
    with pytest.raises(LisaError) as error:
        action_item_add(
            meeting=meeting,
            text="Trop tard",
            organisation=organisation("anderlecht-prevention"),
            due_on=timezone.localdate() - dt.timedelta(days=1),
            by=marc,
        )
    assert error.value.code == "due_before_meeting"


def test_the_items_of_a_meeting_cancelled_afterwards_are_still_carried(marc, anderlecht_office):
    planned = schedule(anderlecht_office, marc, days=3)
    item = action_item_add(
        meeting=planned,
        text="Inviter la STIB à la prochaine réunion.",
        organisation=organisation("anderlecht-prevention"),
        due_on=timezone.localdate() + dt.timedelta(days=20),
        by=marc,
    )
    meeting_cancel(meeting=planned, by=marc)

    later = schedule(anderlecht_office, marc, days=10)

    assert [row.action_item for row in agenda_of(marc, later).action_items] == [item]


def test_a_cancelled_meeting_decides_nothing(marc, anderlecht_office):
    meeting = meeting_cancel(meeting=schedule(anderlecht_office, marc), by=marc)
    with pytest.raises(LisaError):
        action_item_add(
            meeting=meeting,
            text="Rien",
            organisation=organisation("anderlecht-prevention"),
            due_on=timezone.localdate() + dt.timedelta(days=20),
            by=marc,
        )


# --- Who sees what --------------------------------------------------------------------


def test_the_office_staff_and_invited_organisations_see_the_meeting(
    marc, alice, bob, carol, dave, anderlecht_office
):
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    meeting = schedule(anderlecht_office, marc, invited=[organisation("foyer-anderlechtois")])
    stranger = UserFactory.create(username="stranger")
    grant(stranger, "brussels-mobility", Role.PARTNER_AGENT)

    for person in (marc, alice, bob, carol):
        assert meeting_for(person, meeting.pk) == meeting
    for person in (dave, stranger):
        assert not meetings_visible_to(person).exists()
        with pytest.raises(LisaError):
            meeting_for(person, meeting.pk)


def test_an_organisation_invited_sees_the_meeting_without_being_a_partner_of_the_office(
    marc, anderlecht_office
):
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    meeting = schedule(anderlecht_office, marc, invited=[organisation("foyer-anderlechtois")])
    anderlecht_office.partners.remove(organisation("foyer-anderlechtois"))
    agent = UserFactory.create(username="agent-foyer")
    grant(agent, "foyer-anderlechtois", Role.PARTNER_AGENT)

    assert list(meetings_visible_to(agent)) == [meeting]


def test_only_the_office_runs_the_meeting_and_the_organisation_marks_its_item_done(
    marc, carol, anderlecht_office
):
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    meeting = schedule(anderlecht_office, marc, invited=[organisation("foyer-anderlechtois")])
    with pytest.raises(LisaError) as error:
        meeting_prepare_agenda(meeting=meeting, by=carol)
    assert error.value.code == "not_office_staff"
    item = action_item_add(
        meeting=meeting,
        text="Réparer la porte d'entrée du bloc C.",
        organisation=organisation("foyer-anderlechtois"),
        due_on=timezone.localdate() + dt.timedelta(days=30),
        by=marc,
    )
    other = action_item_add(
        meeting=meeting,
        text="Patrouille le soir.",
        organisation=organisation("anderlecht-prevention"),
        due_on=timezone.localdate() + dt.timedelta(days=30),
        by=marc,
    )

    action_item_done(item=item, by=carol)
    with pytest.raises(LisaError) as error:
        action_item_done(item=other, by=carol)
    assert error.value.code == "not_item_organisation"
    with pytest.raises(LisaError) as error:
        action_item_done(item=item, by=marc)
    assert error.value.code == "already_done"


def test_a_partner_sees_on_the_agenda_only_the_reports_it_may_open(marc, carol, anderlecht_office):
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    late = a_report(days_late=3)
    meeting = schedule(anderlecht_office, marc, invited=[organisation("foyer-anderlechtois")])

    assert [r.report for r in agenda_of(marc, meeting).overdue_reports] == [late]
    assert agenda_of(carol, meeting).overdue_reports == []
