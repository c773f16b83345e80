"""/cases: multi-agency cases the caller may open, through the cases' selectors and actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from lisa.accounts.models import Organisation, User
from lisa.api.auth import acting_user, working_user
from lisa.api.errors import ERRORS
from lisa.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_of
from lisa.api.schemas import (
    CaseIn,
    CaseOut,
    CasePage,
    CaseReportIn,
    CaseStatusIn,
    Id,
    Reference,
    TaskDoneIn,
    TaskIn,
)
from lisa.cases.actions import (
    case_add_report,
    case_close,
    case_open,
    case_reopen,
    task_add,
    task_done,
)
from lisa.cases.models import Case, CaseStatus
from lisa.cases.selectors import (
    case_for,
    case_offices_for,
    case_reports_visible_to,
    case_task,
    case_tasks,
    cases_visible_to,
)
from lisa.errors import LisaError
from lisa.reports.selectors import named_report_for

router = Router(tags=["cases"])


def _named(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "code": obj.code, "name": obj.name}


def case_out(user: User | None, case: Case) -> dict[str, Any]:
    """Return the case with the reports the caller may open and every task (as its page)."""
    return {
        "reference": case.reference,
        "title": case.title,
        "summary": case.summary,
        "status": case.status,
        "office": _named(case.office),
        "created_at": case.created_at,
        "closed_at": case.closed_at,
        "reports": [r.reference for r in case_reports_visible_to(user, case)],
        "tasks": [
            {
                "id": task.pk,
                "organisation": _named(task.organisation),
                "description": task.description,
                "status": task.status,
                "due_on": task.due_on,
                "done_at": task.done_at,
            }
            for task in case_tasks(case)
        ],
    }


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="List cases")
def list_cases(
    request: HttpRequest,
    status: CaseStatus | None = None,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """List the cases the caller may open, newest first."""
    user = acting_user(request)
    cases = cases_visible_to(user).select_related("office")
    if status is not None:
        cases = cases.filter(status=status)
    rows, next_cursor = page_of(cases, cursor=cursor, limit=limit)
    return {"items": [case_out(user, case) for case in rows], "next_cursor": next_cursor}


@router.get("/cases/{reference}", response={200: CaseOut, **ERRORS}, summary="One case")
def get_case(request: HttpRequest, reference: Reference) -> dict[str, Any]:
    """Return one case; one the caller may not open is "not found"."""
    user = acting_user(request)
    return case_out(user, case_for(user, reference))


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Answer[dict[str, Any]]:
    """Open a case at one of the caller's offices, around reports they may open."""
    user = working_user(request)
    office = next((o for o in case_offices_for(user) if o.code == payload.office), None)
    if office is None:
        raise LisaError(
            "office_required",
            _("Choose one of your offices: a case belongs to the office that runs it."),
            field="office",
        )
    reports = [named_report_for(user, r, field="reports") for r in payload.reports]
    case = case_open(
        office=office, title=payload.title, summary=payload.summary, by=user, reports=reports
    )
    return Answer(201, case_out(user, case_for(user, case.reference)))


@router.post(
    "/cases/{reference}/status", response={200: CaseOut, **ERRORS}, summary="Close or reopen"
)
def change_case_status(
    request: HttpRequest, reference: Reference, payload: CaseStatusIn
) -> dict[str, Any]:
    """Close a case whose tasks are done, or open a closed one again."""
    user = working_user(request)
    case = case_for(user, reference)
    if payload.status == CaseStatus.CLOSED:
        case_close(case=case, by=user, reason=payload.reason)
    elif payload.status == CaseStatus.OPEN:
        case_reopen(case=case, by=user, reason=payload.reason)
    else:
        raise LisaError("invalid_status", _("There is no such status."), field="status")
    return case_out(user, case_for(user, case.reference))


@router.post(
    "/cases/{reference}/reports", response={200: CaseOut, **ERRORS}, summary="Add a report"
)
def add_case_report(
    request: HttpRequest, reference: Reference, payload: CaseReportIn
) -> dict[str, Any]:
    """Bring a report the caller may open into a case of their office."""
    user = working_user(request)
    case = case_for(user, reference)
    report = named_report_for(user, payload.report, field="report")
    case_add_report(case=case, report=report, by=user)
    return case_out(user, case_for(user, case.reference))


@router.post("/cases/{reference}/tasks", response={201: CaseOut, **ERRORS}, summary="Give a task")
def add_task(request: HttpRequest, reference: Reference, payload: TaskIn) -> Answer[dict[str, Any]]:
    """Ask an organisation to do its part of a case of the caller's office; a closed case
    opens again."""
    user = working_user(request)
    case = case_for(user, reference)
    organisation = Organisation.objects.filter(code=payload.organisation, is_active=True).first()
    if organisation is None:
        raise LisaError(
            "organisation_required",
            _("Choose the organisation that should do it."),
            field="organisation",
        )
    task_add(
        case=case,
        organisation=organisation,
        description=payload.description,
        due_on=payload.due_on,
        by=user,
    )
    return Answer(201, case_out(user, case_for(user, case.reference)))


@router.post(
    "/cases/{reference}/tasks/{task_id}/done",
    response={200: CaseOut, **ERRORS},
    summary="Mark a task done",
)
def finish_task(
    request: HttpRequest, reference: Reference, task_id: Id, payload: TaskDoneIn
) -> dict[str, Any]:
    """Mark one of the caller's organisation's tasks done, with its outcome; the case closes
    with its last open task."""
    user = working_user(request)
    case = case_for(user, reference)
    task_done(task=case_task(case, task_id), by=user, outcome=payload.outcome)
    return case_out(user, case_for(user, case.reference))
