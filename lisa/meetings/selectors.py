"""Reads of meetings for a person: which meetings, what goes on an agenda, what is open.

Who sees a meeting: the staff of its office (its coordinator, desk agents and the staff of
its partner organisations) and the staff of the organisations invited to it. Who runs it:
the office's coordinators and desk agents. What an agenda shows of reports and cases is
what the viewer may see of them (`reports_visible_to`, `cases_visible_to`); hot spots and
action items are the meeting's own business and shown to everyone who sees the meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.cases.models import Case, CaseStatus
from lisa.cases.selectors import cases_visible_to
from lisa.errors import NotFound
from lisa.meetings.models import ActionItem, AgendaItem, AgendaKind, Meeting, MeetingStatus
from lisa.offices.models import Office
from lisa.reports.models import Category, Report
from lisa.reports.selectors import QueueScope, ReportFilters, queue_reports, reports_visible_to

# A place where the same kind of problem was reported this many times in HOT_SPOT_DAYS is a
# hot spot. The place is the report's grid cell (0.001°: about 110 m by 70 m in Brussels),
# the column the duplicate search already indexes.
HOT_SPOT_REPORTS = 3
HOT_SPOT_DAYS = 30
# An agenda lists this many rows per kind at most: a meeting discusses the oldest, the queue
# has the rest.
AGENDA_ROWS = 25


def meeting_office_ids(user: User | None) -> frozenset[int]:
    """Return the offices whose meetings the person sees: those of their organisations."""
    return scope_for(user).partner_office_ids


def meetings_visible_to(user: User | None) -> QuerySet[Meeting]:
    """Return the meetings of the person's offices and those their organisation is invited to."""
    scope = scope_for(user)
    if not scope.is_partner_staff:
        return Meeting.objects.none()
    condition = Q(office_id__in=scope.partner_office_ids)
    if scope.organisation_ids:
        condition |= Q(
            Exists(
                Meeting.invited.through.objects.filter(
                    meeting_id=OuterRef("pk"), organisation_id__in=scope.organisation_ids
                )
            )
        )
    return Meeting.objects.filter(condition)


def meeting_for(user: User | None, pk: int) -> Meeting:
    """Return a meeting the person may see, else raise NotFound (another's is absent)."""
    meeting = (
        meetings_visible_to(user)
        .select_related("office", "event", "created_by")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotFound("meeting_not_found", _("There is no such meeting."))
    return meeting


def meeting_offices_for(user: User | None) -> list[Office]:
    """Return the offices where the person schedules meetings: those they run or work at."""
    ids = scope_for(user).catchment_office_ids
    if not ids:
        return []
    return list(Office.objects.filter(pk__in=ids).order_by("name_fr"))


def can_run_meeting(user: User | None, meeting: Meeting) -> bool:
    """Return whether the person prepares the agenda, records minutes and action items."""
    return meeting.office_id in scope_for(user).catchment_office_ids


def can_mark_done(user: User | None, item: ActionItem) -> bool:
    """Return whether the person marks the action item done: its organisation, or the office."""
    scope = scope_for(user)
    return (
        item.organisation_id in scope.organisation_ids
        or item.office_id in scope.catchment_office_ids
    )


def organisations_of_office(office: Office) -> list[Organisation]:
    """Return the organisations a meeting of the office invites or assigns work to."""
    return list(
        Organisation.objects.filter(
            Q(partner_offices=office) | Q(coordinated_offices=office), is_active=True
        )
        .distinct()
        .order_by("name_fr")
    )


# --- What goes on an agenda -----------------------------------------------------------


def overdue_reports_of(
    user: User | None, office: Office, *, limit: int = AGENDA_ROWS
) -> list[Report]:
    """Return the office's open reports past their deadline, the longest overdue first."""
    reports = queue_reports(
        user,
        scope=QueueScope.OFFICE,
        office_id=office.pk,
        filters=ReportFilters(overdue=True, sort="deadline"),
    )
    return list(reports[:limit])


def overdue_count_of(user: User | None, office: Office) -> int:
    """Return how many of the office's open reports are past their deadline."""
    return queue_reports(
        user,
        scope=QueueScope.OFFICE,
        office_id=office.pk,
        filters=ReportFilters(overdue=True),
    ).count()


def open_cases_of(user: User | None, office: Office, *, limit: int = AGENDA_ROWS) -> list[Case]:
    """Return the office's open multi-agency cases the person sees, the oldest first."""
    return list(
        cases_visible_to(user)
        .filter(office=office, status=CaseStatus.OPEN)
        .order_by("created_at", "id")[:limit]
    )


@dataclass(frozen=True)
class HotSpot:
    """A place where the same kind of problem was reported repeatedly."""

    category: Category
    grid_cell: int
    place: str
    count: int


def hot_spots_of(
    user: User | None,
    office: Office,
    *,
    now: dt.datetime | None = None,
    limit: int = AGENDA_ROWS,
) -> list[HotSpot]:
    """Return the office's hot spots among the reports the person sees, the busiest first.

    The same top category (a sub-category counts for its parent) in the same grid cell, at
    least HOT_SPOT_REPORTS times in the last HOT_SPOT_DAYS days.
    """
    now = now or timezone.now()
    groups = list(
        reports_visible_to(user)
        .filter(office=office, created_at__gte=now - dt.timedelta(days=HOT_SPOT_DAYS))
        .annotate(top=Coalesce(F("category__parent_id"), F("category_id")))
        .values("top", "grid_cell")
        .annotate(count=Count("id"), latest=Max("id"))
        .filter(count__gte=HOT_SPOT_REPORTS)
        .order_by("-count", "-latest")[:limit]
    )
    if not groups:
        return []
    categories = Category.objects.in_bulk([g["top"] for g in groups])
    places = dict(
        Report.objects.filter(pk__in=[g["latest"] for g in groups]).values_list("pk", "address")
    )
    return [
        HotSpot(
            category=categories[g["top"]],
            grid_cell=g["grid_cell"],
            place=places.get(g["latest"]) or "",
            count=g["count"],
        )
        for g in groups
    ]


def open_action_items_of(
    user: User | None, office: Office, *, before: dt.datetime | None = None
) -> list[ActionItem]:
    """Return the office's action items not yet done, decided at meetings before `before`."""
    # Items of a meeting cancelled after they were recorded are carried too: still to do.
    items = ActionItem.objects.filter(
        office=office,
        done_at__isnull=True,
        meeting__in=meetings_visible_to(user),
    )
    if before is not None:
        items = items.filter(meeting__starts_at__lt=before)
    return list(items.select_related("organisation", "meeting").order_by("due_on", "id"))


# --- A meeting's page ------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    """One agenda point as the viewer sees it (a report or case they may not see is left out)."""

    item: AgendaItem
    kind: str
    report: Report | None = None
    case: Case | None = None
    action_item: ActionItem | None = None


@dataclass(frozen=True)
class Agenda:
    action_items: list[AgendaRow]
    cases: list[AgendaRow]
    overdue_reports: list[AgendaRow]
    hot_spots: list[AgendaRow]

    def __bool__(self) -> bool:
        return bool(self.action_items or self.cases or self.overdue_reports or self.hot_spots)


def agenda_of(user: User | None, meeting: Meeting) -> Agenda:
    """Return the meeting's agenda as the person may see it, in a handful of queries."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("category", "action_item", "action_item__organisation")
        .order_by("position")
    )
    report_ids = [i.report_id for i in items if i.report_id]
    case_ids = [i.case_id for i in items if i.case_id]
    reports = (
        reports_visible_to(user)
        .filter(pk__in=report_ids)
        .select_related("category", "organisation")
        .in_bulk()
        if report_ids
        else {}
    )
    cases = cases_visible_to(user).filter(pk__in=case_ids).in_bulk() if case_ids else {}
    by_kind: dict[str, list[AgendaRow]] = {kind: [] for kind in AgendaKind.values}
    for item in items:
        if item.report_id and item.report_id not in reports:
            continue
        if item.case_id and item.case_id not in cases:
            continue
        by_kind[item.kind].append(
            AgendaRow(
                item=item,
                kind=item.kind,
                report=reports.get(item.report_id) if item.report_id else None,
                case=cases.get(item.case_id) if item.case_id else None,
                action_item=item.action_item,
            )
        )
    return Agenda(
        action_items=by_kind[AgendaKind.ACTION_ITEM],
        cases=by_kind[AgendaKind.CASE],
        overdue_reports=by_kind[AgendaKind.OVERDUE_REPORT],
        hot_spots=by_kind[AgendaKind.HOT_SPOT],
    )


def action_items_of(meeting: Meeting) -> list[ActionItem]:
    """Return the action items decided at the meeting, with their organisation."""
    return list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("organisation", "done_by")
        .order_by("due_on", "id")
    )


def meeting_list(user: User | None, *, office_id: int | None = None) -> QuerySet[Meeting]:
    """Return the meetings the person sees, the coming ones first then the past, counted."""
    meetings = meetings_visible_to(user)
    if office_id is not None:
        meetings = meetings.filter(office_id=office_id)
    return (
        meetings.select_related("office")
        .annotate(
            open_items=Count("action_items", filter=Q(action_items__done_at__isnull=True)),
        )
        .order_by("-starts_at", "-id")
    )


@dataclass(frozen=True)
class MeetingFigures:
    """Counts of an office's meetings, for a report: no title, minutes or name."""

    kind: str
    held: int
    cancelled: int
    organisations_present: int
    residents_present: int


def meeting_figures(
    user: User | None, *, office_ids: list[int], start: dt.datetime, end: dt.datetime
) -> list[MeetingFigures]:
    """Return, per kind, the meetings of these offices that started in [start, end).

    Counts are aggregates: analysts and administrators read them for every office, the
    staff of an office for the meetings they see.
    """
    scope = scope_for(user)
    meetings = Meeting.objects.all() if scope.sees_all_reports else meetings_visible_to(user)
    rows = (
        meetings.filter(office_id__in=office_ids, starts_at__gte=start, starts_at__lt=end)
        .values("kind")
        .annotate(
            held=Count("pk", filter=Q(status=MeetingStatus.HELD), distinct=True),
            cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED), distinct=True),
            present=Count("present", filter=Q(status=MeetingStatus.HELD)),
        )
        .order_by("kind")
    )
    residents = dict(
        meetings.filter(
            office_id__in=office_ids,
            starts_at__gte=start,
            starts_at__lt=end,
            status=MeetingStatus.HELD,
        )
        .values("kind")
        .annotate(total=Coalesce(Sum("residents_present"), 0))
        .values_list("kind", "total")
    )
    return [
        MeetingFigures(
            kind=row["kind"],
            held=row["held"],
            cancelled=row["cancelled"],
            organisations_present=row["present"],
            residents_present=residents.get(row["kind"], 0),
        )
        for row in rows
    ]
