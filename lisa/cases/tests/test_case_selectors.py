"""Who sees a case, its reports, its tasks and its joint history."""

import datetime as dt

import pytest
from django.utils import timezone

from lisa.accounts.models import Role
from lisa.cases.actions import case_open, task_add, task_done
from lisa.cases.models import CaseStatus
from lisa.cases.selectors import (
    can_close_task,
    can_manage_case,
    can_open_case_with,
    case_for,
    case_list,
    case_offices_for,
    case_reports_visible_to,
    case_rows,
    case_timeline,
    cases_visible_to,
    open_tasks_for,
    task_organisations_for,
)
from lisa.errors import NotFound
from lisa.geo.models import AreaKind
from lisa.reports.actions import note_add, report_create, report_transition
from lisa.reports.models import Category, Channel, NoteVisibility, Status
from lisa.reports.selectors import note_for, reports_visible_to
from lisa.testing.factories import OfficeFactory, UserFactory, grant
from lisa.testing.personas import VAILLANCE, area, organisation

pytestmark = pytest.mark.django_db


def dispute(description="Dispute entre voisins au numéro 12."):
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description=description,
        channel=Channel.DESK,
        notify=False,
    ).report


@pytest.fixture
def marc(anderlecht_office):
    user = UserFactory.create(username="marc", first_name="Marc")
    grant(user, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    return user


@pytest.fixture
def ines(db):
    """A desk agent of another office (Forest)."""
    forest = OfficeFactory.create(
        code="test-marconi",
        name_fr="Antenne Marconi (test)",
        name_nl="Antenne Marconi (test)",
        municipality=area(AreaKind.MUNICIPALITY, "21007"),
        lat=50.8105,
        lon=4.3245,
        coordinator=organisation("forest-prevention"),
    )
    user = UserFactory.create(username="ines", first_name="Inès")
    grant(user, "forest-prevention", Role.FRONT_DESK_AGENT, office=forest)
    return user


@pytest.fixture
def report(anderlecht_office):
    return dispute()  # in the office's catchment


@pytest.fixture
def case(marc, anderlecht_office, report):
    return case_open(office=anderlecht_office, title="Rue Wayez 12", by=marc, reports=[report])


def housing_task(case, by, **kwargs):
    return task_add(
        case=case,
        organisation=organisation("foyer-anderlechtois"),
        description="Courrier au locataire.",
        by=by,
        **kwargs,
    )


def police_task(case, by, **kwargs):
    return task_add(
        case=case,
        organisation=organisation("police-5341"),
        description="Passage de l'agent de quartier.",
        by=by,
        **kwargs,
    )


def test_the_office_desk_and_coordinator_see_its_cases_and_manage_them(case, alice, marc):
    for person in (alice, marc):
        assert case_for(person, case.reference) == case
        assert can_manage_case(person, case)


def test_a_case_is_not_found_by_those_without_a_task_or_a_role_at_its_office(
    case, carol, dave, ines
):
    # An analyst, a housing agent without a task, a desk agent of another office.
    for person in (carol, dave, ines):
        with pytest.raises(NotFound):
            case_for(person, case.reference)
        assert not cases_visible_to(person).exists()


def test_a_partner_sees_the_case_and_its_reports_once_its_organisation_has_a_task(
    case, report, marc, carol
):
    assert not reports_visible_to(carol).filter(pk=report.pk).exists()

    housing_task(case, marc)

    assert case_for(carol, case.reference) == case
    assert reports_visible_to(carol).filter(pk=report.pk).exists()
    assert case_reports_visible_to(carol, case) == [report]
    assert not can_manage_case(carol, case)


def test_only_the_tasks_organisation_may_close_it(case, marc, bob, carol):
    police = police_task(case, marc)
    housing = housing_task(case, marc)

    assert can_close_task(bob, police)
    assert not can_close_task(bob, housing)
    assert can_close_task(carol, housing)
    assert not can_close_task(carol, police)
    assert not can_close_task(marc, police)


def test_a_case_is_opened_with_a_report_by_the_staff_of_the_reports_office(
    report, alice, marc, bob, ines, anderlecht_office
):
    assert can_open_case_with(alice, report)
    assert can_open_case_with(marc, report)
    assert not can_open_case_with(bob, report)
    assert not can_open_case_with(ines, report)
    assert case_offices_for(marc) == [anderlecht_office]
    assert case_offices_for(bob) == []


def test_the_timeline_shows_each_viewer_the_notes_they_may_read(case, report, marc, bob, carol):
    police_task(case, marc)
    housing_task(case, marc)
    police = organisation("police-5341")
    note_add(
        case=case, by=bob, body="Antécédents connus.", visibility="police", organisation=police
    )
    note_add(
        case=case,
        by=marc,
        body="Réunion des voisins mardi.",
        visibility=NoteVisibility.OFFICE,
        organisation=organisation("anderlecht-prevention"),
    )
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=marc, reason="Vu.")

    def notes(person):
        return [e.obj.body for e in case_timeline(person, case) if e.kind == "note"]

    assert notes(bob) == ["Antécédents connus.", "Réunion des voisins mardi."]
    # The housing company is no partner of the office, but it works on the case.
    assert notes(carol) == ["Réunion des voisins mardi."]
    kinds = [e.kind for e in case_timeline(carol, case)]
    assert kinds.count("status") == 2  # reported, acknowledged
    status = [e for e in case_timeline(carol, case) if e.kind == "status"][-1]
    assert status.extra["report"] == report


def test_a_note_on_a_case_opens_for_who_may_read_it(case, marc, bob, carol):
    police_task(case, marc)
    secret = note_add(
        case=case,
        by=bob,
        body="Antécédents connus.",
        visibility="police",
        organisation=organisation("police-5341"),
    )
    shared = note_add(
        case=case,
        by=marc,
        body="Réunion mardi.",
        visibility=NoteVisibility.OFFICE,
        organisation=organisation("anderlecht-prevention"),
    )
    with pytest.raises(NotFound):
        note_for(carol, shared.pk)  # no task yet
    housing_task(case, marc)

    assert note_for(carol, shared.pk) == shared
    with pytest.raises(NotFound):
        note_for(carol, secret.pk)


def test_the_list_puts_open_cases_first_and_filters_on_my_organisations_tasks(
    marc, bob, anderlecht_office
):
    older = case_open(office=anderlecht_office, title="Dépôts rue Wayez", by=marc)
    police = police_task(older, marc)
    task_done(task=police, by=bob)  # closes it
    newer = case_open(office=anderlecht_office, title="Voisins rue Ropsy", by=marc)
    housing_task(newer, marc)

    assert list(case_list(marc)) == [newer, older]
    assert list(case_list(marc, status=CaseStatus.OPEN)) == [newer]
    assert list(case_list(marc, status=CaseStatus.CLOSED)) == [older]
    assert list(case_list(bob)) == [older]
    assert list(case_list(marc, mine=True)) == []
    assert list(case_list(bob, mine=True)) == [older]


def test_a_row_counts_the_tasks_and_brings_out_my_organisations_open_ones(case, marc, bob):
    today = timezone.localdate()
    late = police_task(
        case, marc, due_on=today - dt.timedelta(days=2), now=timezone.now() - dt.timedelta(days=9)
    )
    done = police_task(case, marc)
    task_done(task=done, by=bob)
    housing_task(case, marc, due_on=today + dt.timedelta(days=5))

    [row] = case_rows(bob, list(case_list(bob)), today=today)

    assert (row.tasks_done, row.tasks_total) == (1, 3)
    assert [o.code for o in row.organisations] == ["foyer-anderlechtois", "police-5341"]
    assert [t.pk for t in row.my_open_tasks] == [late.pk]
    assert row.overdue
    assert row.last_activity is not None


def test_my_open_tasks_are_listed_soonest_first(case, marc, bob):
    later = police_task(case, marc, due_on=timezone.localdate() + dt.timedelta(days=9))
    sooner = police_task(case, marc, due_on=timezone.localdate() + dt.timedelta(days=2))
    undated = police_task(case, marc)
    housing_task(case, marc)
    task_done(task=undated, by=bob)
    police_task(case, marc)

    tasks = open_tasks_for(bob)

    assert [t.pk for t in tasks][:2] == [sooner.pk, later.pk]
    assert len(tasks) == 3
    assert open_tasks_for(marc) == []


def test_the_office_partners_come_first_among_the_organisations_for_a_task(case):
    case.office.partners.add(organisation("foyer-anderlechtois"))

    partners, others = task_organisations_for(case)

    assert {o.code for o in partners} == {"foyer-anderlechtois", "anderlecht-prevention"}
    assert organisation("police-5341") in others
    assert not set(partners) & set(others)
