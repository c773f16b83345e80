"""The cases screens through HTTP: who finds a case, who closes which task, who reads what."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lisa.accounts.models import Role
from lisa.cases.actions import case_add_report, case_open, task_add, task_done
from lisa.cases.models import Case, CaseStatus, TaskStatus
from lisa.reports.actions import note_add, report_create
from lisa.reports.models import Category, Channel
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
def report(anderlecht_office):
    return dispute()


@pytest.fixture
def case(marc, anderlecht_office, report):
    return case_open(
        office=anderlecht_office,
        title="Conflit de voisinage rue Wayez",
        summary="Bruit et insultes entre deux locataires.",
        by=marc,
        reports=[report],
    )


@pytest.fixture
def police_task(case, marc):
    return task_add(
        case=case,
        organisation=organisation("police-5341"),
        description="Visite de l'agent de quartier.",
        by=marc,
    )


@pytest.fixture
def housing_task(case, marc):
    return task_add(
        case=case,
        organisation=organisation("foyer-anderlechtois"),
        description="Courrier de rappel du règlement d'ordre intérieur.",
        due_on=timezone.localdate() + dt.timedelta(days=7),
        by=marc,
    )


def as_user(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def case_url(case, action=None):
    if action:
        return reverse("backoffice:case-act", args=[case.reference, action])
    return reverse("backoffice:case", args=[case.reference])


def test_a_case_is_not_found_for_an_organisation_without_a_task_or_a_role_at_its_office(
    client, case, carol, report
):
    as_user(client, carol)

    assert client.get(case_url(case)).status_code == 404
    assert client.post(case_url(case, "note"), {"body": "x"}).status_code == 404
    assert client.get(reverse("backoffice:report", args=[report.reference])).status_code == 404
    assert case.reference not in client.get(reverse("backoffice:cases")).content.decode()


def test_a_housing_agent_with_a_task_sees_the_case_and_its_reports_but_not_police_notes(
    client, case, report, police_task, housing_task, bob, carol
):
    note_add(
        case=case,
        by=bob,
        body="Le locataire du 2e est connu de nos services.",
        visibility="police",
        organisation=organisation("police-5341"),
    )

    page = as_user(client, carol).get(case_url(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Conflit de voisinage rue Wayez" in html
    assert report.reference in html
    assert "Courrier de rappel" in html
    assert "Visite de l" in html
    assert "connu de nos services" not in html
    assert client.get(reverse("backoffice:report", args=[report.reference])).status_code == 200
    listed = client.get(reverse("backoffice:cases") + "?mine=1").content.decode()
    assert case.reference in listed

    html = as_user(client, bob).get(case_url(case)).content.decode()
    assert "connu de nos services" in html


def test_the_housing_agent_closes_its_own_task_but_not_the_polices(
    client, case, police_task, housing_task, carol
):
    as_user(client, carol)

    refused = client.post(case_url(case, "task-done"), {"task": police_task.pk, "outcome": "Fait"})

    assert refused.status_code == 400
    assert "Only Midi police zone can mark its task done." in refused.content.decode()
    police_task.refresh_from_db()
    assert police_task.status == TaskStatus.OPEN
    assert police_task.outcome == ""

    done = client.post(
        case_url(case, "task-done"), {"task": housing_task.pk, "outcome": "Courrier envoyé."}
    )

    assert done.status_code == 302
    housing_task.refresh_from_db()
    assert (housing_task.status, housing_task.done_by, housing_task.outcome) == (
        TaskStatus.DONE,
        carol,
        "Courrier envoyé.",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN  # the police's task is still open


def test_a_task_of_another_case_is_refused(
    client, case, marc, carol, housing_task, anderlecht_office
):
    other = case_open(office=anderlecht_office, title="Autre dossier", by=marc)

    response = as_user(client, carol).post(case_url(other, "task-done"), {"task": housing_task.pk})

    assert response.status_code == 404  # carol has no task in the other case: not found
    housing_task.refresh_from_db()
    assert housing_task.status == TaskStatus.OPEN


def test_the_case_closes_with_its_last_task_and_reopens_when_a_task_is_added(
    client, case, police_task, housing_task, bob, carol, marc
):
    task_done(task=police_task, by=bob)

    closing = as_user(client, carol).post(case_url(case, "task-done"), {"task": housing_task.pk})

    assert closing.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    page = client.get(case_url(case)).content.decode()
    assert "the case is closed" in page

    added = as_user(client, marc).post(
        case_url(case, "add-task"),
        {
            "organisation": organisation("anderlecht-cpas").pk,
            "description": "Proposer un accompagnement social.",
            "due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        },
    )

    assert added.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    task = case.tasks.get(organisation__code="anderlecht-cpas")
    assert task.due_on == timezone.localdate() + dt.timedelta(days=14)
    history = client.get(case_url(case)).content.decode()
    assert "Case reopened" in history
    assert "Task for CPAS/OCMW of Anderlecht" in history


def test_only_the_office_staff_give_tasks_and_close_the_case(client, case, housing_task, carol):
    as_user(client, carol)

    response = client.post(
        case_url(case, "add-task"),
        {"organisation": organisation("police-5341").pk, "description": "Passer."},
    )

    assert response.status_code == 400
    assert "Only the desk agents and the coordinators" in response.content.decode()
    assert case.tasks.count() == 1
    assert client.post(case_url(case, "close")).status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_refused_task_keeps_what_was_typed(client, case, marc):
    response = as_user(client, marc).post(
        case_url(case, "add-task"),
        {
            "organisation": organisation("police-5341").pk,
            "description": "Passage de l'agent de quartier le soir.",
            "due_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "The due date is in the past." in html
    assert "Passage de l&#x27;agent de quartier le soir." in html
    assert not case.tasks.exists()


def test_a_desk_agent_opens_a_case_from_a_report_page(client, report, alice, anderlecht_office):
    page = as_user(client, alice).get(reverse("backoffice:report", args=[report.reference]))
    assert "Open a case with this report" in page.content.decode()

    response = client.post(
        reverse("backoffice:case-new"),
        {
            "office": anderlecht_office.pk,
            "reports": report.reference,
            "title": "Dépôts répétés au 12",
            "summary": "",
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case_url(case)
    assert list(case.reports.all()) == [report]
    assert case.office == anderlecht_office
    assert case.created_by == alice


def test_partners_are_not_offered_to_open_a_case_and_are_told_why(client, report, bob):
    as_user(client, bob)
    report.organisation = organisation("police-5341")  # bob's organisation handles it
    report.save(update_fields=["organisation"])

    page = client.get(reverse("backoffice:report", args=[report.reference])).content.decode()
    assert "Open a case with this report" not in page

    refused = client.post(
        reverse("backoffice:case-new"), {"title": "Un dossier", "reports": report.reference}
    )
    assert refused.status_code == 403
    assert "Cases are opened by the desk agents and the coordinators" in refused.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_a_report_the_person_cannot_see(client, marc):
    response = as_user(client, marc).post(
        reverse("backoffice:case-new"),
        {"title": "Un dossier", "reports": "BXL-2026-999999, "},
    )

    assert response.status_code == 400
    assert "No report BXL-2026-999999 that you can see." in response.content.decode()
    assert not Case.objects.exists()


def test_a_report_is_added_by_its_reference(client, case, marc):
    other = dispute("Sacs poubelles devant le 14.")

    response = as_user(client, marc).post(
        case_url(case, "add-report"), {"report": other.reference.lower()}
    )

    assert response.status_code == 302
    assert other in case.reports.all()
    assert case.reports.count() == 2


def test_a_police_officer_writes_a_police_only_note_on_the_case(
    client, case, police_task, housing_task, bob, carol
):
    response = as_user(client, bob).post(
        case_url(case, "note"), {"body": "Antécédents de violence.", "visibility": "police"}
    )

    assert response.status_code == 302
    assert "Antécédents de violence." in client.get(case_url(case)).content.decode()
    assert (
        "Antécédents de violence."
        not in as_user(client, carol).get(case_url(case)).content.decode()
    )
    refused = client.post(
        case_url(case, "note"),
        {"body": "Je me fais passer pour la police.", "visibility": "police"},
    )
    assert refused.status_code == 400


def test_the_queue_shows_the_open_tasks_of_my_organisation(client, case, housing_task, carol):
    html = as_user(client, carol).get(reverse("backoffice:queue")).content.decode()

    assert "Tasks for my organisation" in html
    assert case.title in html
    assert case_url(case) in html


def test_the_list_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, marc, bob, anderlecht_office
):
    def open_cases(count):
        for number in range(count):
            case = case_open(office=anderlecht_office, title=f"Dossier {number}", by=marc)
            task_add(
                case=case,
                organisation=organisation("police-5341"),
                description="Passage.",
                by=marc,
            )
            task_add(
                case=case,
                organisation=organisation("foyer-anderlechtois"),
                description="Courrier.",
                by=marc,
            )

    url = reverse("backoffice:cases")
    as_user(client, bob)
    open_cases(1)
    client.get(url)  # the session's first write, once a minute
    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        assert client.get(url).status_code == 200
    open_cases(9)
    with django_assert_num_queries(QUERIES_OF_THE_LIST):
        page = client.get(url)
    assert page.content.decode().count('class="ref"') == 10


# Session, user, memberships, partner offices, count, cases, their tasks and organisations.
QUERIES_OF_THE_LIST = 7


def test_the_case_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, case, marc, bob, police_task
):
    url = case_url(case)
    as_user(client, marc)
    client.get(url)  # the session's first write, once a minute
    with django_assert_num_queries(QUERIES_OF_THE_CASE_PAGE):
        assert client.get(url).status_code == 200
    for number in range(3):
        task_add(
            case=case,
            organisation=organisation("anderlecht-cpas"),
            description=f"Suivi {number}.",
            by=marc,
        )
        case_add_report(case=case, report=dispute(f"Encore {number}."), by=marc)
        note_add(
            case=case,
            by=marc,
            body=f"Point {number}.",
            visibility="office",
            organisation=organisation("anderlecht-prevention"),
        )
    task_done(task=police_task, by=bob, outcome="Passé.")
    with django_assert_num_queries(QUERIES_OF_THE_CASE_PAGE):
        assert client.get(url).status_code == 200


# The case, its reports (and how many), tasks, history (events, status changes, notes), the
# organisations for a task, the person's organisations for a note, and the request's own.
QUERIES_OF_THE_CASE_PAGE = 14
