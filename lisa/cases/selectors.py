"""Reads of multi-agency cases for a person: which cases, and what of their history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.cases.models import Case, CaseEvent, CaseReport, CaseStatus, Task, TaskStatus
from lisa.errors import NotFound
from lisa.offices.models import Office
from lisa.reports.models import Report
from lisa.reports.selectors import (
    TimelineEntry,
    notes_visible_to,
    reports_seen_as_staff,
    reports_visible_to,
)


def cases_visible_to(user: User | None) -> QuerySet[Case]:
    """Return the cases the person may open.

    The desk agents and coordinators of the case's office see it, and the partner staff of
    every organisation that has a task in it. Analysts and administrators see none: a case
    is about people (analysts get figures; administrators reach personal data only through
    logged access, which cases do not have).
    """
    scope = scope_for(user)
    if not scope.is_partner_staff:
        return Case.objects.none()
    condition = Q(office_id__in=scope.catchment_office_ids)
    if scope.handler_organisation_ids:
        condition |= Q(
            Exists(
                Task.objects.filter(
                    case=OuterRef("pk"), organisation_id__in=scope.handler_organisation_ids
                )
            )
        )
    return Case.objects.filter(condition)


def case_for(user: User | None, reference: str) -> Case:
    """Return the case with this reference if the person may see it, else raise NotFound."""
    case = (
        cases_visible_to(user)
        .select_related("office", "created_by")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound(
            "case_not_found", _("There is no case %(reference)s.") % {"reference": reference}
        )
    return case


def can_manage_case(user: User | None, case: Case) -> bool:
    """Return whether the person adds reports and tasks, closes and reopens the case."""
    scope = scope_for(user)
    return case.office_id in scope.catchment_office_ids


def case_offices_for(user: User | None) -> list[Office]:
    """Return the offices where the person opens cases: those they work at the desk of or run."""
    offices = scope_for(user).catchment_office_ids
    if not offices:
        return []
    return list(Office.objects.filter(pk__in=offices))


def can_open_case_with(user: User | None, report: Report) -> bool:
    """Return whether the person opens a case around this report, at the report's office."""
    return report.office_id is not None and report.office_id in scope_for(user).catchment_office_ids


def can_close_task(user: User | None, task: Task) -> bool:
    """Return whether the person closes this task: its organisation's staff alone do."""
    return task.organisation_id in scope_for(user).organisation_ids


def cases_of_report(user: User | None, report: Report) -> list[Case]:
    """Return the cases the report is part of that the person may open."""
    return list(cases_visible_to(user).filter(reports=report).order_by("created_at"))


def case_reports_visible_to(user: User | None, case: Case) -> list[Report]:
    """Return the case's reports the person may open."""
    return list(
        reports_visible_to(user)
        .filter(cases=case)
        .select_related("category", "organisation", "neighbourhood")
        .order_by("created_at")
    )


def case_report_count(case: Case) -> int:
    """Return how many reports the case holds, seen or not by the person asking."""
    return CaseReport.objects.filter(case=case).count()


def case_tasks(case: Case) -> list[Task]:
    """Return the tasks of a case in the order they were given; every viewer sees them all."""
    return list(
        Task.objects.filter(case=case).select_related("organisation", "created_by", "done_by")
    )


def case_task(case: Case, pk: int) -> Task:
    """Return the case's task with this id (the case is one the person may see), else raise
    NotFound."""
    task = Task.objects.filter(case=case, pk=pk).select_related("organisation").first()
    if task is None:
        raise NotFound("task_not_found", _("There is no such task in this case."))
    return task


def task_organisations_for(case: Case) -> tuple[list[Organisation], list[Organisation]]:
    """Return who may get a task: the office's partners and coordinator, then the others."""
    office = case.office
    active = Organisation.objects.filter(is_active=True)
    partners = list(
        active.filter(Q(partner_offices=office) | Q(coordinated_offices=office)).distinct()
    )
    others = list(active.exclude(pk__in=[o.pk for o in partners]))
    return partners, others


def case_list(user: User | None, *, status: str = "", mine: bool = False) -> QuerySet[Case]:
    """Return the cases the person may see, open ones first, then the most recently active.

    `status` narrows to open or closed cases; `mine` to those with a task for one of the
    person's organisations. The tasks and their organisations come prefetched for `case_rows`.
    """
    cases = cases_visible_to(user)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(
            Exists(
                Task.objects.filter(
                    case=OuterRef("pk"), organisation_id__in=scope_for(user).organisation_ids
                )
            )
        )
    last_event = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-at").values("at")[:1]
    return (
        cases.select_related("office")
        .annotate(
            last_activity=Subquery(last_event),
            closed_last=SqlCase(
                When(status=CaseStatus.OPEN, then=0), default=1, output_field=IntegerField()
            ),
        )
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.select_related("organisation")))
        .order_by("closed_last", "-last_activity", "-id")
    )


@dataclass(frozen=True)
class CaseRow:
    """One line of the list of cases, as the person sees it."""

    case: Case
    tasks_done: int
    tasks_total: int
    organisations: list[Organisation]
    # The open tasks of the person's organisations, soonest due first.
    my_open_tasks: list[Task]
    overdue: bool
    last_activity: dt.datetime | None


def case_rows(user: User | None, cases: list[Case], today: dt.date | None = None) -> list[CaseRow]:
    """Return the rows of cases taken from `case_list`, without further queries."""
    today = today or timezone.localdate()
    mine = scope_for(user).organisation_ids
    rows = []
    for case in cases:
        tasks = list(case.tasks.all())
        organisations = {task.organisation_id: task.organisation for task in tasks}
        my_open = sorted(
            (t for t in tasks if t.status == TaskStatus.OPEN and t.organisation_id in mine),
            key=_due_first,
        )
        rows.append(
            CaseRow(
                case=case,
                tasks_done=sum(t.status == TaskStatus.DONE for t in tasks),
                tasks_total=len(tasks),
                organisations=sorted(organisations.values(), key=lambda o: o.name),
                my_open_tasks=my_open,
                overdue=any(is_task_overdue(t, today) for t in my_open),
                last_activity=getattr(case, "last_activity", None),
            )
        )
    return rows


def open_tasks_for(user: User | None, *, limit: int | None = None) -> list[Task]:
    """Return the open tasks of the person's organisations, soonest due first (undated last)."""
    organisations = scope_for(user).organisation_ids
    if not organisations:
        return []
    tasks = (
        Task.objects.filter(organisation_id__in=organisations, status=TaskStatus.OPEN)
        .select_related("case", "organisation")
        .order_by(
            SqlCase(When(due_on__isnull=True, then=1), default=0, output_field=IntegerField()),
            "due_on",
            "created_at",
            "id",
        )
    )
    return list(tasks[:limit] if limit else tasks)


def is_task_overdue(task: Task, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return task.status == TaskStatus.OPEN and task.due_on is not None and task.due_on < today


def _due_first(task: Task) -> tuple[bool, dt.date, dt.datetime]:
    return (task.due_on is None, task.due_on or dt.date.max, task.created_at)


def case_timeline(user: User | None, case: Case) -> list[TimelineEntry]:
    """Return the joint history of a case as the person may see it, oldest first.

    The case's own steps, the status changes of the reports the person may open, and the
    notes on the case or on those reports that the person may read.
    """
    from lisa.reports.models import StatusChange

    staff = scope_for(user).is_partner_staff
    # Only the reports the person works on: an analyst's view of a report adds nothing here.
    reports = set(reports_seen_as_staff(user).filter(cases=case).values_list("pk", flat=True))
    entries = [
        TimelineEntry(
            at=e.at,
            kind="case",
            by=e.by,
            organisation=e.organisation,
            obj=e,
            # A report the person may not open is named, not linked.
            extra={"report_visible": e.report_id in reports},
        )
        for e in CaseEvent.objects.filter(case=case).select_related("by", "organisation", "report")
    ]
    # Entries of a report say which one: a case holds several.
    entries += [
        TimelineEntry(
            at=c.at,
            kind="status",
            by=c.by,
            organisation=c.organisation,
            obj=c,
            extra={"show_reason": staff, "report": c.report},
        )
        for c in StatusChange.objects.filter(report__in=reports).select_related(
            "by", "organisation", "report"
        )
    ]
    entries += [
        TimelineEntry(
            at=n.at,
            kind="note",
            by=n.author,
            organisation=n.organisation,
            obj=n,
            extra={"report": n.report},
        )
        for n in notes_visible_to(user)
        .filter(Q(case=case) | Q(report__in=reports))
        .select_related("author", "organisation", "report")
    ]
    entries.sort(key=lambda entry: entry.at)
    return entries
