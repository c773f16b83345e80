"""What each demo login finds to do, and whether the work in progress tells the truth."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from lisa.accounts.models import Membership, Role, Team, User
from lisa.accounts.selectors import HANDLER_ROLES
from lisa.cases.models import Case, CaseEvent, Task
from lisa.demo import staff_texts
from lisa.demo.moments import STAFF_STARTS, STAFF_STOPS, staff_calendar
from lisa.demo.people import DEMO_PEOPLE
from lisa.demo.texts import DESCRIPTIONS
from lisa.demo.work import seed_work
from lisa.geo.locator import invalidate_locator
from lisa.lib.workdays import is_working_day
from lisa.offices.models import DeskVisit
from lisa.reports.actions import render_template
from lisa.reports.models import (
    Activity,
    ActivityKind,
    InfoRequest,
    Message,
    Note,
    NoteVisibility,
    Report,
    Reporter,
    ReporterRole,
    Status,
    StatusChange,
)
from lisa.reports.selectors import (
    note_organisation_ids_for,
    note_visibilities_for,
    reports_visible_to,
)

SAMPLE = 300
NOTE_TEXTS = (
    staff_texts.POLICE_NOTES,
    staff_texts.CLEANLINESS_NOTES,
    staff_texts.COORDINATOR_NOTES,
    staff_texts.DESK_NOTES,
    staff_texts.HOUSING_NOTES,
    staff_texts.CPAS_NOTES,
    staff_texts.PEACEKEEPER_NOTES,
    staff_texts.WORKS_NOTES,
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed the demo once for the module; return what it left to send.

    The seeding runs in a transaction that is rolled back, so its e-mails, which go after
    commit, are found among the callbacks waiting for the commit.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(
            LISA_DEMO=True, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ),
        transaction.atomic(),
    ):
        mail.outbox = []
        call_command("seed_demo", "--reports", str(SAMPLE), stdout=io.StringIO())
        yield {"waiting": list(connection.run_on_commit), "sent": list(mail.outbox)}
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def demo_users() -> list[User]:
    return list(User.objects.filter(memberships__isnull=False).distinct().order_by("username"))


def landing(user: User):
    client = Client()
    client.force_login(user)
    response = client.get("/staff/", follow=True)
    assert response.status_code == 200, user.username
    return response


def _announcing(callback) -> bool:
    return callback.__module__ == "lisa.reports.outbound"


def test_seeding_sends_no_mail_and_queues_none(seeded):
    # Only the locator's cache is dropped once the demo offices' catchments are saved, and the
    # announcements to systems outside LISA (lisa/reports/outbound.py) wait: they reach
    # nobody, since the demo configures no system to forward to.
    waiting = [callback for _savepoints, callback, _robust in seeded["waiting"]]
    assert [c for c in waiting if c is not invalidate_locator and not _announcing(c)] == []
    assert seeded["sent"] == []


def test_every_demo_login_lands_on_something_to_work_on():
    users = demo_users()
    assert {p.username for p in DEMO_PEOPLE} <= {u.username for u in users}
    assert any(u.username.startswith("desk.") and u.username != "desk.anderlecht" for u in users)

    for user in users:
        page = landing(user)
        context = page.context
        if page.request["PATH_INFO"] == "/staff/desk/":
            assert context["registered_lately"], user.username
            continue
        assert page.request["PATH_INFO"] == "/staff/queue/", user.username
        assert context["rows"] or context["my_tasks"], user.username


def test_partner_agents_find_reports_given_to_them_and_managers_see_who_has_what():
    for code, usernames in (
        ("anderlecht-cleanliness", ("clean.anderlecht",)),
        ("bruxelles-proprete", ("agent.proprete",)),
        # The two officers share the zone's open reports, which a small demo has few of.
        ("police-5341", ("police.midi", "police.forest")),
    ):
        taken_up = Report.objects.filter(
            organisation__code=code,
            status__in=[Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING],
        )
        if not taken_up.exists():  # the weekend's reports, on a Monday morning
            continue
        users = User.objects.filter(username__in=usernames)
        assert any(
            row["report"].assigned_to_id == user.pk
            for user in users
            for row in landing(user).context["rows"]
        ), usernames

    for username in ("manager.anderlecht", "manager.proprete"):
        rows = landing(User.objects.get(username=username)).context["rows"]
        assert rows
        assert any(
            row["report"].assigned_to_id or row["report"].assigned_team_id for row in rows
        ) or all(row["report"].status == Status.NEW for row in rows)


def test_the_coordinator_sees_the_office_queue_its_cases_and_what_is_late():
    user = User.objects.get(username="coord.anderlecht")
    context = landing(user).context

    assert context["choice"].key.startswith("office-")
    assert context["my_tasks"]
    office = Membership.objects.get(user=user).office
    assert context["rows"]
    assert all(row["report"].office_id == office.pk for row in context["rows"])
    assert Case.objects.filter(office=office).exists()


def test_analysts_and_the_administrator_see_the_region():
    for username in ("analyst", "admin"):
        context = landing(User.objects.get(username=username)).context
        assert context["choice"].key == "all"
        assert context["rows"]
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200


def test_the_peacekeeper_sees_every_report_of_the_prevention_service():
    peacekeeper = User.objects.get(username="peace.anderlecht")
    handled = Report.objects.filter(organisation__code="anderlecht-prevention")
    assert handled.exists()

    visible = set(reports_visible_to(peacekeeper).values_list("pk", flat=True))
    assert set(handled.values_list("pk", flat=True)) <= visible
    assert "(demo)" in peacekeeper.last_name


def test_teams_are_demo_teams_of_the_cleanliness_services_and_assignments_stay_inside():
    teams = Team.objects.all()
    assert {t.organisation.code for t in teams} == {"anderlecht-cleanliness", "bruxelles-proprete"}
    assert all("(démo)" in t.name_fr and "(demo)" in t.name_nl for t in teams)
    assert all(t.members.exists() for t in teams)

    assigned = Report.objects.exclude(assigned_to=None, assigned_team=None)
    assert assigned.exists()
    for report in assigned:
        if report.assigned_to_id:
            assert Membership.objects.filter(
                user_id=report.assigned_to_id, organisation=report.organisation
            ).exists(), report.reference
        if report.assigned_team_id:
            assert report.assigned_team.organisation_id == report.organisation_id


def test_notes_are_written_by_roles_that_may_write_them_in_their_language():
    notes = Note.objects.select_related("report__category__parent", "author", "organisation")
    kinds = set(notes.values_list("visibility", flat=True))
    assert kinds == set(NoteVisibility.values)

    for note in notes:
        author = note.author
        roles = set(
            Membership.objects.filter(user=author, organisation=note.organisation).values_list(
                "role", flat=True
            )
        )
        if note.visibility == NoteVisibility.POLICE:
            assert note.organisation.is_police
            assert Role.POLICE_OFFICER in roles
        if note.visibility == NoteVisibility.ORGANISATION:
            assert roles & HANDLER_ROLES, note.pk
        if note.report is None:
            continue
        assert note.visibility in note_visibilities_for(author, note.report), note.pk
        assert note.organisation_id in note_organisation_ids_for(author, note.visibility)
        written = {
            text
            for texts in NOTE_TEXTS
            for category in note.report.category.lineage()
            for text in texts.get(category.code, {}).get(author.language, [])
        }
        assert note.body in written, (note.report.reference, note.body)


def test_messages_come_from_the_templates_in_the_residents_language():
    messages = Message.objects.select_related("report__category", "template")
    assert messages.exists()

    for message in messages:
        report = message.report
        resident = Reporter.objects.filter(report=report, role=ReporterRole.REPORTER).first()
        assert resident is not None
        assert resident.email
        template = message.template
        assert template is not None
        assert template.category_id is None or template.category in report.category.lineage()
        assert message.body == render_template(
            template=template, report=report, language=resident.language
        )


def test_questions_fit_the_category_and_answers_fit_the_question():
    requests = InfoRequest.objects.select_related("report__category__parent")
    assert requests.exists()

    for request in requests:
        language = request.report.reporters.get(role=ReporterRole.REPORTER).language
        asked = next(
            dict(texts[language])
            for category in request.report.category.lineage()
            if (texts := staff_texts.QUESTIONS.get(category.code))
        )
        assert request.question in asked
        if request.answered_at:
            assert request.answer in asked[request.question]
            assert request.asked_at < request.answered_at < request.expires_at


def test_every_staff_act_is_in_office_hours_on_a_working_day():
    days_off = staff_calendar()
    moments = [
        *StatusChange.objects.exclude(from_status="").values_list("at", flat=True),
        *Activity.objects.values_list("at", flat=True),
        *Message.objects.values_list("at", flat=True),
        *Note.objects.values_list("at", flat=True),
        *InfoRequest.objects.values_list("asked_at", flat=True),
        *CaseEvent.objects.values_list("at", flat=True),
        *Task.objects.values_list("created_at", flat=True),
        *Task.objects.exclude(done_at=None).values_list("done_at", flat=True),
        *Report.objects.exclude(parent=None).values_list("created_at", flat=True),
    ]
    assert len(moments) > SAMPLE

    outside = [
        local
        for moment in moments
        if not is_working_day((local := timezone.localtime(moment)).date(), days_off)
        or not STAFF_STARTS <= local.time() <= STAFF_STOPS
    ]
    assert outside == []


def test_desk_visits_are_counted_in_opening_hours_with_real_referrals():
    visits = DeskVisit.objects.select_related("office", "registered_by", "referred_to")
    assert visits.filter(office__code="anderlecht-vaillance").exists()
    assert visits.filter(office__code="forest-marconi").exists()
    assert visits.exclude(referred_to=None).exists()
    notes = {
        text
        for referrals in staff_texts.REFERRALS.values()
        for _spec, texts in referrals
        for text in texts.values()
    }
    days_off = staff_calendar()

    for visit in visits:
        at = timezone.localtime(visit.at)
        assert at < timezone.now()
        assert at.date() > timezone.localdate() - dt.timedelta(weeks=7)
        assert at.date() not in days_off.days_off(at.year)
        assert visit.office.opening_hours.filter(
            weekday=at.weekday(), opens__lte=at.time(), closes__gt=at.time()
        ).exists(), (visit.office.code, at)
        assert Membership.objects.filter(
            user=visit.registered_by, office=visit.office, role=Role.FRONT_DESK_AGENT
        ).exists()
        assert visit.referral_note in notes
        assert visit.referred_to is None or visit.referred_to.is_active


def test_related_reports_and_split_reports_are_the_coordinators_work():
    coordinators = set(
        Membership.objects.filter(role=Role.OFFICE_COORDINATOR).values_list("user_id", flat=True)
    )
    # A small demo may have none: few reports are at the same place, or vague enough.
    done = Activity.objects.filter(kind__in=[ActivityKind.LINKED, ActivityKind.SPLIT])
    assert set(done.values_list("by_id", flat=True)) <= coordinators
    for child in Report.objects.exclude(parent=None).select_related("parent"):
        assert child.created_by_id in coordinators
        assert child.description in DESCRIPTIONS[child.category.code][child.parent.language]


def test_it_adds_the_work_once():
    assert seed_work() == {}


def test_residents_rate_their_resolved_reports_in_their_own_words():
    from lisa.demo.satisfaction import COMMENTS
    from lisa.reports.models import Satisfaction

    answers = list(Satisfaction.objects.select_related("report", "reporter"))
    assert answers
    assert any(answer.comment for answer in answers)
    for answer in answers:
        assert answer.report.status in (Status.RESOLVED, Status.CLOSED)
        assert 1 <= answer.score <= 5
        resolved = (
            StatusChange.objects.filter(report=answer.report, to_status=Status.RESOLVED)
            .order_by("at")
            .first()
        )
        assert resolved is not None
        assert resolved.at < answer.at < timezone.now()
        if answer.comment:
            said = [text for texts in COMMENTS[answer.reporter.language].values() for text in texts]
            assert answer.comment in said


def test_one_resident_asks_to_reopen_a_report_its_handler_can_answer():
    from lisa.demo.satisfaction import NOT_SOLVED
    from lisa.reports.models import ReopenRequest
    from lisa.reports.public import reopening_for

    [request] = ReopenRequest.objects.select_related("report__category__parent", "reporter")
    report = request.report
    assert report.status == Status.RESOLVED
    assert request.decision == "pending"
    top = report.category.lineage()[-1].code
    assert request.reason == NOT_SOLVED[top][request.reporter.language]
    assert reopening_for(report).pending == request
    handlers = User.objects.filter(
        memberships__organisation=report.organisation, memberships__role__in=HANDLER_ROLES
    )
    handler = handlers.first()
    assert handler is not None
    client = Client()
    client.force_login(handler)
    queue = client.get("/staff/queue/?reopen=on").content.decode()
    assert report.reference in queue
