"""Opening a case, giving tasks, closing them: the case closes with its last task."""

import datetime as dt

import pytest
from django.utils import timezone

from lisa.accounts.models import Role
from lisa.cases.actions import (
    case_add_report,
    case_close,
    case_open,
    case_reopen,
    task_add,
    task_done,
)
from lisa.cases.models import CaseEvent, CaseEventKind, CaseStatus, TaskStatus
from lisa.errors import LisaError
from lisa.reports.actions import report_create
from lisa.reports.models import Activity, ActivityKind, Category, Channel
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE, organisation

pytestmark = pytest.mark.django_db


def dispute(description="Dispute entre voisins au numéro 12, bruit la nuit."):
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
def case(marc, anderlecht_office):
    return case_open(office=anderlecht_office, title="Rue Wayez 12", by=marc, reports=[dispute()])


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_it_opens_a_case_around_reports_and_says_so_on_each_report(marc, anderlecht_office):
    first, second = dispute(), dispute("Encore du bruit au 12.")

    case = case_open(
        office=anderlecht_office,
        title="  Rue Wayez 12  ",
        summary="Deux voisins en conflit.",
        by=marc,
        reports=[first, second],
    )

    assert case.reference.startswith("BXL-C-")
    assert case.title == "Rue Wayez 12"
    assert case.status == CaseStatus.OPEN
    assert set(case.reports.all()) == {first, second}
    assert kinds(case) == [
        CaseEventKind.OPENED,
        CaseEventKind.REPORT_ADDED,
        CaseEventKind.REPORT_ADDED,
    ]
    activity = Activity.objects.get(report=first, kind=ActivityKind.ADDED_TO_CASE)
    assert activity.data["reference"] == case.reference


def test_it_refuses_a_case_without_a_title(marc, anderlecht_office):
    with pytest.raises(LisaError) as refused:
        case_open(office=anderlecht_office, title="  ", by=marc)

    assert refused.value.code == "title_required"


def test_it_refuses_to_open_a_case_at_an_office_the_person_does_not_run(
    bob, carol, anderlecht_office
):
    # A police officer at the office and a housing agent: partners, not the office's desk.
    for person in (bob, carol):
        with pytest.raises(LisaError) as refused:
            case_open(office=anderlecht_office, title="Rue Wayez 12", by=person)
        assert refused.value.code == "not_office_staff"


def test_a_desk_agent_of_the_office_opens_a_case(alice, anderlecht_office):
    case = case_open(office=anderlecht_office, title="Rue Wayez 12", by=alice)

    assert case.created_by == alice


def test_it_refuses_the_same_report_twice(case, marc):
    report = case.reports.get()

    with pytest.raises(LisaError) as refused:
        case_add_report(case=case, report=report, by=marc)

    assert refused.value.code == "report_already_in_case"


def test_only_the_office_staff_add_reports_and_tasks(case, carol):
    with pytest.raises(LisaError) as refused:
        case_add_report(case=case, report=dispute(), by=carol)
    assert refused.value.code == "not_office_staff"

    with pytest.raises(LisaError) as refused:
        task_add(
            case=case,
            organisation=organisation("foyer-anderlechtois"),
            description="Écrire au locataire.",
            by=carol,
        )
    assert refused.value.code == "not_office_staff"
    assert not case.tasks.exists()


def test_the_case_closes_with_its_last_task_and_reopens_with_a_new_one(case, marc, bob, carol):
    police = task_add(
        case=case,
        organisation=organisation("police-5341"),
        description="Passage de l'agent de quartier.",
        by=marc,
    )
    housing = task_add(
        case=case,
        organisation=organisation("foyer-anderlechtois"),
        description="Courrier de rappel au règlement d'ordre intérieur.",
        due_on=timezone.localdate() + dt.timedelta(days=10),
        by=marc,
    )

    task_done(task=police, by=bob, outcome="Rencontré les deux voisins.")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    done = task_done(task=housing, by=carol, outcome="Courrier envoyé le 3.")
    case.refresh_from_db()
    assert done.status == TaskStatus.DONE
    assert done.done_by == carol
    assert done.outcome == "Courrier envoyé le 3."
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None

    task_add(
        case=case,
        organisation=organisation("anderlecht-prevention"),
        description="Médiation entre voisins.",
        by=marc,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.closed_at is None
    # The history says the case opened again, then who was asked what.
    assert kinds(case)[-2:] == [CaseEventKind.REOPENED, CaseEventKind.TASK_ADDED]


def test_only_the_tasks_organisation_marks_it_done(case, marc, carol, bob):
    police = task_add(
        case=case,
        organisation=organisation("police-5341"),
        description="Passage de l'agent de quartier.",
        by=marc,
    )

    for person in (carol, marc):
        with pytest.raises(LisaError) as refused:
            task_done(task=police, by=person, outcome="Fait.")
        assert refused.value.code == "not_your_task"

    police.refresh_from_db()
    assert police.status == TaskStatus.OPEN
    assert police.done_by is None


def test_it_refuses_to_mark_a_task_done_twice(case, marc, bob):
    police = task_add(
        case=case, organisation=organisation("police-5341"), description="Passage.", by=marc
    )
    task_done(task=police, by=bob)

    with pytest.raises(LisaError) as refused:
        task_done(task=police, by=bob)

    assert refused.value.code == "task_already_done"


def test_it_refuses_a_due_date_in_the_past_and_an_empty_task(case, marc):
    police = organisation("police-5341")
    with pytest.raises(LisaError) as refused:
        task_add(
            case=case,
            organisation=police,
            description="Passage.",
            due_on=timezone.localdate() - dt.timedelta(days=1),
            by=marc,
        )
    assert refused.value.code == "due_in_the_past"

    with pytest.raises(LisaError) as refused:
        task_add(case=case, organisation=police, description="   ", by=marc)
    assert refused.value.code == "task_required"


def test_a_case_with_open_tasks_is_not_closed_by_hand(case, marc):
    task_add(case=case, organisation=organisation("police-5341"), description="Passage.", by=marc)

    with pytest.raises(LisaError) as refused:
        case_close(case=case, by=marc)

    assert refused.value.code == "case_has_open_tasks"
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_the_office_closes_and_reopens_a_case_without_open_tasks(case, marc, carol):
    with pytest.raises(LisaError) as refused:
        case_close(case=case, by=carol)
    assert refused.value.code == "not_office_staff"

    closed = case_close(case=case, by=marc, reason="Les voisins se sont entendus.")
    assert closed.status == CaseStatus.CLOSED

    with pytest.raises(LisaError) as refused:
        case_close(case=case, by=marc)
    assert refused.value.code == "case_already_closed"

    reopened = case_reopen(case=case, by=marc, reason="Nouvelle plainte.")
    assert reopened.status == CaseStatus.OPEN
    assert reopened.closed_at is None
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.kind, event.text) == (CaseEventKind.REOPENED, "Nouvelle plainte.")
