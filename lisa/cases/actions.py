"""Writes to multi-agency cases and their tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.cases.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseReport,
    CaseStatus,
    Task,
    TaskStatus,
)
from lisa.errors import LisaError
from lisa.offices.models import Office
from lisa.reports.actions import _next_reference
from lisa.reports.models import Activity, ActivityKind, Report

MAX_TITLE = 200
MAX_TEXT = 5000


def _check_office_staff(by: User, office_id: int) -> None:
    """Refuse anyone but the desk agents and coordinators of the office: they run its cases."""
    if office_id not in scope_for(by).catchment_office_ids:
        raise LisaError(
            "not_office_staff",
            _("Only the desk agents and the coordinators of the case's office can do this."),
        )


def case_open(
    *,
    office: Office,
    title: str,
    by: User,
    summary: str = "",
    reports: Iterable[Report] = (),
    now: dt.datetime | None = None,
) -> Case:
    """Open a case at an office, around zero or more reports."""
    now = now or timezone.now()
    title = (title or "").strip()
    if not title:
        raise LisaError("title_required", _("Give the case a title."), field="title")
    if len(title) > MAX_TITLE:
        raise LisaError(
            "title_too_long",
            _("A title is limited to %(max)s characters.") % {"max": MAX_TITLE},
            field="title",
        )
    _check_office_staff(by, office.pk)
    with transaction.atomic():
        case = Case.objects.create(
            reference=_next_reference(
                year=timezone.localdate(now).year, prefix=f"{settings.LISA_REFERENCE_PREFIX}-C"
            ),
            title=title,
            summary=(summary or "").strip()[:MAX_TEXT],
            office=office,
            created_by=by,
            created_at=now,
        )
        CaseEvent.objects.create(case=case, kind=CaseEventKind.OPENED, by=by, at=now)
        for report in reports:
            case_add_report(case=case, report=report, by=by, now=now)
    return case


def case_add_report(
    *, case: Case, report: Report, by: User, now: dt.datetime | None = None
) -> None:
    """Bring a report into a case; the report's page then shows the case."""
    now = now or timezone.now()
    _check_office_staff(by, case.office_id)
    with transaction.atomic():
        _link, created = CaseReport.objects.get_or_create(
            case=case, report=report, defaults={"added_by": by, "added_at": now}
        )
        if not created:
            raise LisaError(
                "report_already_in_case",
                _("%(reference)s is already part of this case.") % {"reference": report.reference},
                field="report",
            )
        CaseEvent.objects.create(
            case=case, kind=CaseEventKind.REPORT_ADDED, report=report, by=by, at=now
        )
        Activity.objects.create(
            report=report,
            kind=ActivityKind.ADDED_TO_CASE,
            by=by,
            organisation=report.organisation,
            at=now,
            data={"reference": case.reference, "title": case.title},
        )


def task_add(
    *,
    case: Case,
    organisation: Organisation,
    description: str,
    by: User,
    due_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Task:
    """Ask an organisation to do its part of a case; a closed case opens again."""
    now = now or timezone.now()
    description = (description or "").strip()
    if not description:
        raise LisaError(
            "task_required", _("Say what the organisation should do."), field="description"
        )
    if len(description) > MAX_TEXT:
        raise LisaError(
            "task_too_long",
            _("A task is limited to %(max)s characters.") % {"max": MAX_TEXT},
            field="description",
        )
    if not organisation.is_active:
        raise LisaError(
            "inactive_organisation",
            _("%(organisation)s no longer takes part.") % {"organisation": organisation.name},
            field="organisation",
        )
    if due_on is not None and due_on < timezone.localdate(now):
        raise LisaError("due_in_the_past", _("The due date is in the past."), field="due_on")
    _check_office_staff(by, case.office_id)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        # Reopened first, so that the history reads "case reopened", then "task given".
        if locked.status == CaseStatus.CLOSED:
            _set_status(locked, CaseStatus.OPEN, by=by, now=now)
        task = Task.objects.create(
            case=locked,
            organisation=organisation,
            description=description,
            due_on=due_on,
            created_by=by,
            created_at=now,
        )
        CaseEvent.objects.create(
            case=locked,
            kind=CaseEventKind.TASK_ADDED,
            task=task,
            organisation=organisation,
            by=by,
            at=now,
            text=description,
        )
    case.status, case.closed_at = locked.status, locked.closed_at
    return task


def task_done(*, task: Task, by: User, outcome: str = "", now: dt.datetime | None = None) -> Task:
    """Close an organisation's task; the case closes with its last open task."""
    now = now or timezone.now()
    if task.organisation_id not in scope_for(by).organisation_ids:
        raise LisaError(
            "not_your_task",
            _("Only %(organisation)s can mark its task done.")
            % {"organisation": task.organisation.name},
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=task.case_id)
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == TaskStatus.DONE:
            raise LisaError("task_already_done", _("This task is already done."))
        locked.status = TaskStatus.DONE
        locked.done_by = by
        locked.done_at = now
        locked.outcome = (outcome or "").strip()[:MAX_TEXT]
        locked.save(update_fields=["status", "done_by", "done_at", "outcome"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.TASK_DONE,
            task=locked,
            organisation=locked.organisation,
            by=by,
            at=now,
            text=locked.outcome,
        )
        if not case.tasks.filter(status=TaskStatus.OPEN).exists():
            _set_status(case, CaseStatus.CLOSED, by=by, now=now)
    return locked


def case_reopen(*, case: Case, by: User, reason: str = "", now: dt.datetime | None = None) -> Case:
    """Open a closed case again (new facts); add tasks to it as needed."""
    now = now or timezone.now()
    _check_office_staff(by, case.office_id)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.OPEN:
            raise LisaError("case_already_open", _("This case is open."))
        _set_status(locked, CaseStatus.OPEN, by=by, now=now, text=(reason or "").strip()[:MAX_TEXT])
    return locked


def case_close(*, case: Case, by: User, reason: str = "", now: dt.datetime | None = None) -> Case:
    """Close a case whose tasks are all done (a case without tasks may be closed too)."""
    now = now or timezone.now()
    _check_office_staff(by, case.office_id)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status == CaseStatus.CLOSED:
            raise LisaError("case_already_closed", _("This case is closed."))
        if locked.tasks.filter(status=TaskStatus.OPEN).exists():
            raise LisaError(
                "case_has_open_tasks",
                _("Tasks are still open: each organisation closes its own task first."),
            )
        _set_status(
            locked, CaseStatus.CLOSED, by=by, now=now, text=(reason or "").strip()[:MAX_TEXT]
        )
    return locked


def _set_status(case: Case, status: str, *, by: User, now: dt.datetime, text: str = "") -> None:
    case.status = status
    case.closed_at = now if status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "closed_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.CLOSED if status == CaseStatus.CLOSED else CaseEventKind.REOPENED,
        by=by,
        at=now,
        text=text,
    )
