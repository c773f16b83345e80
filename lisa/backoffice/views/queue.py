"""The work queue: the reports an organisation handles or an office covers, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lisa.accounts.actions import saved_filter_delete, saved_filter_save
from lisa.accounts.models import Organisation, Role, Team, User
from lisa.accounts.selectors import (
    members_of,
    memberships_of,
    saved_filter_for,
    saved_filters_of,
    scope_for,
    teams_of,
)
from lisa.backoffice.access import AuthedRequest, active_membership, staff_view
from lisa.backoffice.forms import QueueFilterForm
from lisa.backoffice.views import PAGE_SIZE, page_number
from lisa.cases.selectors import open_tasks_for
from lisa.errors import LisaError
from lisa.reports.actions import report_assign, report_transition
from lisa.reports.models import Report, Status
from lisa.reports.routing import explain_reason
from lisa.reports.selectors import (
    QueueScope,
    ReportFilters,
    can_handle,
    lateness,
    queue_page,
    queue_reports,
    report_for,
    reports_with_private_details,
    vague_point,
)

MAP_LIMIT = 2000
TASKS_SHOWN = 5


@dataclass(frozen=True)
class QueueChoice:
    """One queue a person may open: an organisation's, an office's, or every report."""

    key: str
    label: str
    scope: QueueScope
    organisation: Organisation | None = None
    office_id: int | None = None


def queue_choices(user: User) -> list[QueueChoice]:
    """Return the queues the person may open, in the order of their memberships."""
    choices: list[QueueChoice] = []
    seen: set[str] = set()

    def add(choice: QueueChoice) -> None:
        if choice.key not in seen:
            seen.add(choice.key)
            choices.append(choice)

    scope = scope_for(user)
    for membership in memberships_of(user):
        # Analysts and administrators get the region's queue; a desk or coordinator role
        # without an office, nothing.
        if membership.organisation_id not in scope.organisation_ids:
            continue
        if membership.office is not None and membership.role in (
            Role.OFFICE_COORDINATOR,
            Role.FRONT_DESK_AGENT,
        ):
            add(
                QueueChoice(
                    key=f"office-{membership.office_id}",
                    label=membership.office.name,
                    scope=QueueScope.OFFICE,
                    office_id=membership.office_id,
                )
            )
        add(
            QueueChoice(
                key=f"organisation-{membership.organisation_id}",
                label=membership.organisation.name,
                scope=QueueScope.ORGANISATION,
                organisation=membership.organisation,
            )
        )
    if scope.sees_all_reports:
        add(QueueChoice(key="all", label=_("All reports of the region"), scope=QueueScope.ALL))
    return choices


def _default_choice(request: AuthedRequest, choices: list[QueueChoice]) -> QueueChoice | None:
    membership = active_membership(request)
    if membership is not None:
        by_role: dict[str, str] = {
            Role.OFFICE_COORDINATOR: f"office-{membership.office_id}",
            Role.FRONT_DESK_AGENT: f"office-{membership.office_id}",
            Role.REGIONAL_ANALYST: "all",
            Role.ADMINISTRATOR: "all",
        }
        preferred = by_role.get(membership.role, f"organisation-{membership.organisation_id}")
        for choice in choices:
            if choice.key == preferred:
                return choice
    return choices[0] if choices else None


def _queue(request: AuthedRequest) -> tuple[QueueChoice | None, QueueFilterForm, list[QueueChoice]]:
    user = request.user
    assert isinstance(user, User)
    choices = queue_choices(user)
    key = request.GET.get("in")
    choice = next((c for c in choices if c.key == key), None) or _default_choice(request, choices)
    data = request.GET.copy()
    data.pop("in", None)
    data.pop("page", None)
    data.pop("view", None)
    form = QueueFilterForm(
        data or None, assignees=members_of(choice.organisation if choice else None)
    )
    return choice, form, choices


def _reports(request: AuthedRequest, choice: QueueChoice | None, form: QueueFilterForm):
    filters = form.filters(default_open=True)
    if choice is None:
        return Report.objects.none(), filters
    return (
        queue_reports(
            request.user,
            scope=choice.scope,
            organisation_id=choice.organisation.pk if choice.organisation else None,
            office_id=choice.office_id,
            filters=filters,
        ),
        filters,
    )


@staff_view
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    """List the reports of a queue, 50 a page, with the reason each one is there."""
    choice, form, choices = _queue(request)
    reports, _filters = _reports(request, choice, form)
    total = reports.count()
    page = page_number(request, total)
    rows = queue_page(reports, start=(page - 1) * PAGE_SIZE, stop=page * PAGE_SIZE)
    today = timezone.localdate()
    # Analysts see no personal data: the place of a private report stays vague.
    detailed = reports_with_private_details(request.user, rows)
    # An organisation's or office's queue is staff work: the reasons staff gave one another
    # show. The region's list (analysts, administrators) leaves them out.
    internal = choice is not None and choice.scope != QueueScope.ALL
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("view", None)
    handles = choice is not None and choice.scope == QueueScope.ORGANISATION
    organisation = choice.organisation if choice else None
    # Residents saying a resolved report is not solved: resolved reports are not in the open
    # queue, so the queue says how many wait and links to them.
    reopen_waiting = (
        queue_reports(
            request.user,
            scope=choice.scope,
            organisation_id=choice.organisation.pk if choice.organisation else None,
            office_id=choice.office_id,
            filters=ReportFilters(reopen_asked=True),
        ).count()
        if internal and choice is not None and not form.filters(default_open=True).reopen_asked
        else 0
    )
    return render(
        request,
        "backoffice/queue.html",
        {
            "section": "queue",
            "choice": choice,
            "choices": choices,
            "form": form,
            "rows": [
                {
                    "report": report,
                    "explanation": explain_reason(report.routing_reason, internal=internal),
                    "lateness": lateness(report, today),
                    "show_address": report.pk in detailed,
                }
                for report in rows
            ],
            "total": total,
            "page": page,
            "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
            "first": (page - 1) * PAGE_SIZE + 1 if rows else 0,
            "last": (page - 1) * PAGE_SIZE + len(rows),
            "query": query.urlencode(),
            "view": "map" if request.GET.get("view") == "map" else "list",
            "saved_filters": saved_filters_of(request.user),
            "reopen_waiting": reopen_waiting,
            # Tasks of cases for the person's organisations: one query, the soonest due first.
            "my_tasks": open_tasks_for(request.user, limit=TASKS_SHOWN + 1),
            "tasks_shown": TASKS_SHOWN,
            "today": today,
            "bulk": handles,
            # In an organisation's own queue the last column says who in it has the report.
            "organisation_queue": handles,
            # The people the filter form offers (one query for both).
            "people": form.assignees if handles else [],
            "teams": teams_of(organisation) if handles else [],
            "organisations": Organisation.objects.filter(is_active=True).exclude(
                pk=organisation.pk if organisation else 0
            )
            if handles
            else [],
            "tiles_url": settings.LISA_TILE_URL,
            "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
        },
    )


@staff_view
@require_GET
def queue_points(request: AuthedRequest) -> JsonResponse:
    """Return the queue's reports as GeoJSON points for the map tab (at most 2,000)."""
    choice, form, _choices = _queue(request)
    reports, _filters = _reports(request, choice, form)
    today = timezone.localdate()
    rows = list(reports[:MAP_LIMIT])
    detailed = reports_with_private_details(request.user, rows)

    def place(report: Report) -> list[float]:
        lat, lon = (
            (report.lat, report.lon)
            if report.pk in detailed
            else vague_point(report.lat, report.lon)
        )
        return [round(lon, 6), round(lat, 6)]

    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": place(r)},
            "properties": {
                "reference": r.reference,
                "category": r.category.name,
                "status": r.get_status_display(),
                "late": lateness(r, today),
                "url": reverse("backoffice:report", args=[r.reference]),
            },
        }
        for r in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@staff_view
@require_POST
def queue_bulk(request: AuthedRequest) -> HttpResponse:
    """Acknowledge, assign or transfer the reports ticked in the queue, one action each."""
    user = request.user
    assert isinstance(user, User)
    action = request.POST.get("action", "")
    back = reverse("backoffice:queue") + "?" + request.POST.get("query", "")
    references = request.POST.getlist("reference")[:PAGE_SIZE]
    if not references:
        messages.error(request, _("Tick the reports first."))
        return redirect(back)
    done: list[str] = []
    refused: list[str] = []
    for reference in references:
        try:
            report = report_for(user, reference)
            if not can_handle(user, report):
                raise LisaError("not_handling", _("Your organisation does not handle it."))
            _bulk_one(request, action, report, user)
            done.append(reference)
        except LisaError as error:
            refused.append(f"{reference}: {error.message}")
    if done:
        messages.success(
            request,
            ngettext(
                "Done for %(count)s report: %(references)s.",
                "Done for %(count)s reports: %(references)s.",
                len(done),
            )
            % {"count": len(done), "references": ", ".join(done)},
        )
    for line in refused:
        messages.error(request, line)
    return redirect(back)


def _bulk_one(request: AuthedRequest, action: str, report: Report, user: User) -> None:
    if action == "acknowledge":
        report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=user)
    elif action == "assign":
        target = request.POST.get("assignee", "")
        to_user = to_team = None
        if target.startswith("user:"):
            to_user = User.objects.filter(pk=target[5:] or 0).first()
        elif target.startswith("team:"):
            to_team = Team.objects.filter(pk=target[5:] or 0).first()
        report_assign(report=report, by=user, to_user=to_user, to_team=to_team)
    elif action == "transfer":
        organisation = Organisation.objects.filter(
            pk=request.POST.get("organisation") or 0, is_active=True
        ).first()
        reason = request.POST.get("reason", "").strip()
        if organisation is None or not reason:
            raise LisaError(
                "transfer_needs_target_and_reason",
                _("Choose the organisation and say why."),
            )
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=user,
            to_organisation=organisation,
            reason=reason,
        )
    else:
        raise LisaError("unknown_action", _("Choose what to do with the reports."))


@staff_view
@require_POST
def saved_filter_create(request: AuthedRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        saved_filter_save(
            user=request.user,
            name=request.POST.get("name", ""),
            query=query,
        )
        messages.success(request, _("Filter saved."))
    except LisaError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("backoffice:queue") + "?" + query)


@staff_view
@require_POST
def saved_filter_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = saved_filter_for(request.user, pk)
    saved_filter_delete(saved=saved)
    messages.success(request, _("Filter removed."))
    return redirect("backoffice:queue")


def queue_link(**params: str) -> str:
    return reverse("backoffice:queue") + ("?" + urlencode(params) if params else "")
