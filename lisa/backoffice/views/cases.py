"""Multi-agency cases: the list, opening one, and the case page with its tasks and history."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.backoffice.views import PAGE_SIZE, page_number
from lisa.backoffice.views.report import _note_organisations as note_organisations
from lisa.cases.actions import (
    MAX_TEXT,
    MAX_TITLE,
    case_add_report,
    case_close,
    case_open,
    case_reopen,
    task_add,
    task_done,
)
from lisa.cases.models import Case, CaseStatus, TaskStatus
from lisa.cases.selectors import (
    can_close_task,
    can_manage_case,
    case_for,
    case_list,
    case_offices_for,
    case_report_count,
    case_reports_visible_to,
    case_rows,
    case_task,
    case_tasks,
    case_timeline,
    is_task_overdue,
    task_organisations_for,
)
from lisa.errors import LisaError, NotFound
from lisa.reports.actions import note_add
from lisa.reports.models import NoteVisibility, Report
from lisa.reports.selectors import can_write_notes, named_report_for, note_visibilities_for

MAX_REPORTS = 20
STATUS_FILTERS = ("open", "closed", "all")


@staff_view
@require_GET
def cases(request: AuthedRequest) -> HttpResponse:
    """List the cases the person may see, open ones first, 50 a page."""
    user = request.user
    status = request.GET.get("status", "all")
    if status not in STATUS_FILTERS:
        status = "all"
    mine = request.GET.get("mine") == "1"
    listed = case_list(user, status="" if status == "all" else status, mine=mine)
    total = listed.count()
    page = page_number(request, total)
    rows = case_rows(user, list(listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]))
    scope = scope_for(user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/cases.html",
        {
            "section": "cases",
            "rows": rows,
            "status": status,
            "mine": mine,
            "has_organisation": scope.is_partner_staff,
            "can_open": bool(scope.catchment_office_ids),
            "total": total,
            "page": page,
            "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def case_new(request: AuthedRequest) -> HttpResponse:
    """Open a case at the person's office, around the reports they name (from the list or a
    report's page)."""
    user = request.user
    offices = case_offices_for(user)
    context: dict[str, Any] = {
        "section": "cases",
        "offices": offices,
        "typed": request.POST if request.method == "POST" else request.GET,
        "max_title": MAX_TITLE,
        "max_text": MAX_TEXT,
    }
    if not offices:
        context["error"] = LisaError(
            "not_office_staff",
            _(
                "Cases are opened by the desk agents and the coordinators of an office. Ask "
                "your office's coordinator to open one and give your organisation a task."
            ),
        )
        return render(request, "backoffice/case_new.html", context, status=403)
    if request.method == "GET":
        return render(request, "backoffice/case_new.html", context)
    post = request.POST
    try:
        office = next((o for o in offices if str(o.pk) == post.get("office")), None)
        if office is None and len(offices) == 1 and not post.get("office"):
            office = offices[0]
        if office is None:
            raise LisaError(
                "office_required",
                _("Choose one of your offices: a case belongs to the office that runs it."),
                field="office",
            )
        case = case_open(
            office=office,
            title=post.get("title", ""),
            summary=post.get("summary", ""),
            reports=_reports_named(user, post.get("reports", "")),
            by=user,
        )
    except LisaError as error:
        context["error"] = error
        return render(request, "backoffice/case_new.html", context, status=400)
    messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
    return redirect("backoffice:case", reference=case.reference)


def _reports_named(user: User, text: str) -> list[Report]:
    """Return the reports whose references are typed (any separator), each once."""
    references = list(dict.fromkeys(r.upper() for r in re.split(r"[\s,;]+", text) if r))
    if len(references) > MAX_REPORTS:
        raise LisaError(
            "too_many_reports",
            _("Name %(max)s reports at most; add the others from the case's page.")
            % {"max": MAX_REPORTS},
            field="reports",
        )
    return [named_report_for(user, reference, field="reports") for reference in references]


def _context(
    request: AuthedRequest,
    case: Case,
    *,
    error: LisaError | None = None,
    failed_action: str = "",
) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    manages = can_manage_case(user, case)
    reports = case_reports_visible_to(user, case)
    tasks = case_tasks(case)
    mine = scope_for(user).organisation_ids
    partners, others = task_organisations_for(case) if manages else ([], [])
    return {
        "section": "cases",
        "case": case,
        "manages": manages,
        "reports": reports,
        "hidden_reports": case_report_count(case) - len(reports),
        # What the person's organisation still has to do comes first, then the rest as given.
        "tasks": sorted(
            (
                {
                    "task": task,
                    "mine": task.organisation_id in mine,
                    "can_close": task.status == TaskStatus.OPEN and can_close_task(user, task),
                    "overdue": is_task_overdue(task, today),
                }
                for task in tasks
            ),
            key=lambda item: not (item["mine"] and item["task"].status == TaskStatus.OPEN),
        ),
        "tasks_done": sum(task.status == TaskStatus.DONE for task in tasks),
        "open_tasks": sum(task.status == TaskStatus.OPEN for task in tasks),
        "timeline": case_timeline(user, case),
        "can_note": can_write_notes(user),
        "note_visibilities": [
            (value, NoteVisibility(value).label) for value in note_visibilities_for(user)
        ],
        "note_organisations": note_organisations(request),
        "partners": partners,
        "others": others,
        "today": today,
        "error": error,
        "failed_action": failed_action,
        "typed": request.POST if error else {},
    }


@staff_view
@require_GET
def case_page(request: AuthedRequest, reference: str) -> HttpResponse:
    """Show a case the person may see; any other reference is "not found"."""
    case = case_for(request.user, reference)
    return render(request, "backoffice/case.html", _context(request, case))


@staff_view
@require_POST
def case_act(request: AuthedRequest, reference: str, action: str) -> HttpResponse:
    """Do one thing to a case, through its action; a refusal keeps what was typed."""
    user = request.user
    case = case_for(user, reference)
    try:
        done = _act(request, case, action, user)
    except LisaError as error:
        case.refresh_from_db()
        return render(
            request,
            "backoffice/case.html",
            _context(request, case, error=error, failed_action=action),
            status=error.status if error.status != 404 else 400,
        )
    messages.success(request, done)
    return redirect("backoffice:case", reference=case.reference)


def _act(request: AuthedRequest, case: Case, action: str, user: User) -> str:
    post = request.POST
    if action == "task-done":
        task = case_task(case, _int(post.get("task")))
        task_done(task=task, by=user, outcome=post.get("outcome", ""))
        case.refresh_from_db()
        if case.status == CaseStatus.CLOSED:
            return _("Task done. It was the last one: the case is closed.")
        return _("Task done.")
    if action == "note":
        organisation = next(
            (o for o in note_organisations(request) if str(o.pk) == post.get("organisation")),
            None,
        ) or next(iter(note_organisations(request)), None)
        if organisation is None or not can_write_notes(user):
            raise LisaError("cannot_note", _("You cannot write notes."))
        visibility = post.get("visibility", "")
        if visibility not in note_visibilities_for(user):
            raise LisaError(
                "invalid_visibility", _("Choose who may read the note."), field="visibility"
            )
        note_add(
            case=case,
            by=user,
            body=post.get("body", ""),
            visibility=visibility,
            organisation=organisation,
        )
        return _("Note added.")
    if action not in ("add-report", "add-task", "close", "reopen"):
        raise NotFound("action_not_found", _("There is no such action."))
    if not can_manage_case(user, case):
        raise LisaError(
            "not_office_staff",
            _("Only the desk agents and the coordinators of the case's office can do this."),
        )
    if action == "add-report":
        report = named_report_for(user, post.get("report", ""), field="report")
        case_add_report(case=case, report=report, by=user)
        return _("%(reference)s added to the case.") % {"reference": report.reference}
    if action == "add-task":
        organisation = Organisation.objects.filter(
            pk=_int(post.get("organisation")), is_active=True
        ).first()
        if organisation is None:
            raise LisaError(
                "organisation_required",
                _("Choose the organisation that should do it."),
                field="organisation",
            )
        reopens = case.status == CaseStatus.CLOSED
        task_add(
            case=case,
            organisation=organisation,
            description=post.get("description", ""),
            due_on=_date(post.get("due_on", "")),
            by=user,
        )
        if reopens:
            return _("Task given to %(organisation)s; the case is open again.") % {
                "organisation": organisation.name
            }
        return _("Task given to %(organisation)s.") % {"organisation": organisation.name}
    if action == "close":
        case_close(case=case, by=user, reason=post.get("reason", ""))
        return _("Case closed.")
    case_reopen(case=case, by=user, reason=post.get("reason", ""))
    return _("Case reopened.")


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LisaError(
            "invalid_date", _("Give the due date as a date, or none."), field="due_on"
        ) from None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
