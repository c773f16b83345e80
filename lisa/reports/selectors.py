"""Reads of reports for a person: which reports, notes, attachments and contact details.

Every screen, and later the JSON API and Open311, reads reports through these functions, so
that visibility is decided here and nowhere else. A report someone may not see is "not
found", exactly like a report that does not exist: a guessed reference confirms nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import Scope, scope_for
from lisa.errors import LisaError, NotFound
from lisa.geo.models import Area
from lisa.offices.models import Office
from lisa.reports.models import (
    OPEN_STATUSES,
    Activity,
    Attachment,
    InfoRequest,
    Message,
    Note,
    NoteVisibility,
    ReopenDecision,
    ReopenRequest,
    Report,
    Reporter,
    ReportLink,
    ResponseTemplate,
    Satisfaction,
    StatusChange,
)

# An area's outline and geometry weigh 5 to 100 kB of JSON each: lists and pages that show
# a report's places by name leave them unread (50 rows would read and decode 2 MB).
AREA_SHAPES = ("geometry", "outline")


def without_shapes(reports: QuerySet[Report], *areas: str) -> QuerySet[Report]:
    """Return the reports with these related areas loaded without their shapes."""
    return reports.defer(*(f"{area}__{shape}" for area in areas for shape in AREA_SHAPES))


def reports_visible_to(user: User | None) -> QuerySet[Report]:
    """Return the reports the person may open.

    Partner staff see the reports their organisation handles or has handled, and those of
    the cases where it has a task; at a desk or as coordinator, every report of their
    office's catchment; anyone, the reports they registered. Analysts and administrators see
    every report, without personal data unless a working role also shows it to them (see
    `report_access`).
    """
    scope = scope_for(user)
    if scope.sees_all_reports:
        return Report.objects.all()
    return reports_seen_as_staff(user)


def reports_seen_as_staff(user: User | None) -> QuerySet[Report]:
    """Return the reports the person sees through a working role, personal data included."""
    scope = scope_for(user)
    if not scope.is_partner_staff:
        return Report.objects.none()
    return Report.objects.filter(_visible(scope))


def reports_seen_by_organisation(organisation_id: int) -> QuerySet[Report]:
    """Return the reports a partner organisation's staff see through their working role.

    For a system of the organisation (its webhooks): the reports it handles or handled, and
    those of the cases where it has a task; never those of a desk's catchment.
    """
    scope = Scope(user_id=None, handler_organisation_ids=frozenset({organisation_id}))
    return Report.objects.filter(_visible(scope))


def _visible(scope: Scope) -> Q:
    from lisa.cases.models import CaseReport

    # Without a person (an organisation's system), no report is "theirs" by registration.
    condition = Q(created_by_id=scope.user_id) if scope.user_id is not None else Q(pk__in=[])
    if scope.catchment_office_ids:
        condition |= Q(office_id__in=scope.catchment_office_ids)
    partners = scope.handler_organisation_ids
    if partners:
        condition |= Q(organisation_id__in=partners)
        condition |= Q(
            Exists(StatusChange.objects.filter(report=OuterRef("pk"), organisation_id__in=partners))
        )
        condition |= Q(
            Exists(
                CaseReport.objects.filter(
                    report=OuterRef("pk"), case__tasks__organisation_id__in=partners
                )
            )
        )
    return condition


def _seen_as_staff(scope: Scope) -> Any:
    """Return an annotation telling, per report, whether a working role shows it."""
    if not scope.is_partner_staff:
        return Value(False)
    if not scope.sees_all_reports:
        return Value(True)  # reports_visible_to is then the same condition
    return ExpressionWrapper(_visible(scope), output_field=BooleanField())


def report_for(user: User | None, reference: str) -> Report:
    """Return the report with this reference if the person may see it, else raise NotFound."""
    report = (
        without_shapes(reports_visible_to(user), "municipality", "police_zone", "neighbourhood")
        .select_related(
            "category",
            "category__parent",
            "municipality",
            "police_zone",
            "neighbourhood",
            "office",
            "organisation",
            "created_by",
            "registered_at_office",
            "assigned_to",
            "assigned_team",
        )
        .annotate(seen_as_staff=_seen_as_staff(scope_for(user)))
        .filter(reference=reference)
        .first()
    )
    if report is None:
        raise NotFound(
            "report_not_found", _("There is no report %(reference)s.") % {"reference": reference}
        )
    return report


def named_report_for(user: User | None, reference: str, *, field: str) -> Report:
    """Return another report named in a form or a request (the master of a duplicate, a
    related report, one brought into a case), if the person may see it; else refuse it as
    bad input of that field, never confirming that a report out of sight exists."""
    reference = reference.strip().upper()
    try:
        return report_for(user, reference)
    except NotFound:
        raise LisaError(
            "other_report_not_found",
            _("No report %(reference)s that you can see.") % {"reference": reference or "—"},
            field=field,
        ) from None


def with_staff_view(user: User | None, reports: QuerySet[Report]) -> QuerySet[Report]:
    """Return the reports, each telling in the same query whether the person sees it through
    a working role (what `report_access` asks), so that a list asks nothing per row."""
    return reports.annotate(seen_as_staff=_seen_as_staff(scope_for(user)))


def _as_staff(user: User | None, report: Report) -> bool:
    scope = scope_for(user)
    if not scope.is_partner_staff:
        return False
    if hasattr(report, "seen_as_staff"):
        # SQL answers NULL, not false, where no branch of the condition holds (a NULL
        # organisation): that is "not seen as staff" too.
        return bool(report.seen_as_staff)
    return reports_seen_as_staff(user).filter(pk=report.pk).exists()


def can_handle(user: User | None, report: Report) -> bool:
    """Return whether the person may move the report along, assign it or write to the resident.

    The staff of the handling organisation may, and the coordinator of the report's office.
    """
    scope = scope_for(user)
    return report.organisation_id in scope.organisation_ids or (
        report.office_id is not None and report.office_id in scope.coordinator_office_ids
    )


def can_write_notes(user: User | None, report: Report | None = None) -> bool:
    """Return whether the person writes internal notes (on this report)."""
    return bool(note_visibilities_for(user, report))


def note_visibilities_for(user: User | None, report: Report | None = None) -> list[str]:
    """Return the note visibilities the person may choose (on a report they work on).

    A note to "my organisation" is for partner roles (desk agents and coordinators read and
    share the office partners' notes); a police-only note, for police officers.
    """
    scope = scope_for(user)
    if not scope.is_partner_staff or (report is not None and not _as_staff(user, report)):
        return []
    choices = []
    if scope.handler_organisation_ids:
        choices.append(NoteVisibility.ORGANISATION.value)
    if report is None or report.office_id is not None:
        choices.append(NoteVisibility.OFFICE.value)
    if scope.is_police:
        choices.append(NoteVisibility.POLICE.value)
    return choices


def note_organisation_ids_for(user: User | None, visibility: str) -> frozenset[int]:
    """Return the organisations in whose name the person writes a note of this visibility."""
    scope = scope_for(user)
    if visibility == NoteVisibility.ORGANISATION:
        return scope.handler_organisation_ids
    if visibility == NoteVisibility.POLICE:
        return scope.police_organisation_ids
    if visibility == NoteVisibility.OFFICE:
        return scope.organisation_ids
    return frozenset()


def notes_visible_to(user: User | None) -> QuerySet[Note]:
    """Return the notes the person may read, whatever they are attached to.

    A note to "my organisation" stays with the partner staff of the author's organisation; a
    note to the office's partners reaches everyone working with that office, and on a case
    every organisation with a task in it; a police note, the police officers of the author's
    zone. Analysts and administrators read no notes here. Combine with the reports and cases
    the person works on (`note_for`, `report_timeline`).
    """
    from lisa.cases.models import Task

    scope = scope_for(user)
    if not scope.is_partner_staff:
        return Note.objects.none()
    condition = Q(
        Q(visibility=NoteVisibility.OFFICE),
        Q(office_id__in=scope.partner_office_ids)
        | Q(organisation_id__in=scope.organisation_ids)
        # An organisation with a task in a case works with the office on it, partner or not.
        | Q(
            Exists(
                Task.objects.filter(
                    case=OuterRef("case_id"), organisation_id__in=scope.organisation_ids
                )
            )
        ),
    )
    if scope.handler_organisation_ids:
        condition |= Q(
            visibility=NoteVisibility.ORGANISATION,
            organisation_id__in=scope.handler_organisation_ids,
        )
    if scope.police_organisation_ids:
        condition |= Q(
            visibility=NoteVisibility.POLICE, organisation_id__in=scope.police_organisation_ids
        )
    return Note.objects.filter(condition)


def note_for(user: User | None, note_id: int) -> Note:
    """Return a note the person may read, on a report or case they work on, else NotFound."""
    from lisa.cases.selectors import cases_visible_to

    note = (
        notes_visible_to(user)
        .filter(pk=note_id)
        .filter(
            Q(report__in=reports_seen_as_staff(user).values("pk"))
            | Q(case__in=cases_visible_to(user).values("pk"))
        )
        .select_related("report", "case", "author", "organisation", "office")
        .first()
    )
    if note is None:
        raise NotFound("note_not_found", _("There is no such note."))
    return note


def attachments_visible_to(user: User | None, report: Report) -> QuerySet[Attachment]:
    """Return the attachments of a report the person opened; without a working role on it,
    the public ones only."""
    attachments = Attachment.objects.filter(report=report).select_related("uploaded_by")
    if _as_staff(user, report):
        return attachments
    return attachments.filter(is_public=True)


def attachment_for(user: User | None, attachment_id: int) -> Attachment:
    """Return an attachment of a report the person may open, else raise NotFound."""
    condition = Q(report__in=reports_seen_as_staff(user).values("pk"))
    if scope_for(user).sees_all_reports:
        condition |= Q(is_public=True)
    attachment = (
        Attachment.objects.filter(condition, pk=attachment_id).select_related("report").first()
    )
    if attachment is None:
        raise NotFound("attachment_not_found", _("There is no such attachment."))
    return attachment


class ContactAccess(enum.Enum):
    NONE = "none"
    # Shown on request, each view logged.
    DIRECT = "direct"
    # Shown only after the person states why, the reason logged with the view.
    WITH_REASON = "with_reason"


def contact_access(user: User | None, report: Report) -> ContactAccess:
    """Return how the person may see the contact details of the report's residents.

    Partner staff see them while their organisation handles the report; a desk agent, for
    the reports they registered and those their organisation handles in their office's
    catchment. A coordinator of the report's office and an administrator must state a reason
    first. Nobody else sees them, analysts included. Call it for a report the person opened.
    """
    scope = scope_for(user)
    organisation = report.organisation_id
    if organisation is not None and organisation in scope.handler_organisation_ids:
        return ContactAccess.DIRECT
    if scope.desk_office_ids:
        if report.created_by_id is not None and report.created_by_id == scope.user_id:
            return ContactAccess.DIRECT
        if (
            organisation is not None
            and organisation in scope.desk_organisation_ids
            and report.office_id in scope.desk_office_ids
        ):
            return ContactAccess.DIRECT
    if (
        report.office_id is not None and report.office_id in scope.coordinator_office_ids
    ) or scope.is_administrator:
        return ContactAccess.WITH_REASON
    return ContactAccess.NONE


def response_templates_for(report: Report) -> list[ResponseTemplate]:
    """Return the active response templates for the report's category and its parents."""
    lineage = [category.pk for category in report.category.lineage()]
    return list(
        ResponseTemplate.objects.filter(is_active=True).filter(
            Q(category__isnull=True) | Q(category_id__in=lineage)
        )
    )


def reporters_of(report: Report) -> QuerySet[Reporter]:
    """Return the residents behind a report; call only after `contact_access` allowed it."""
    return Reporter.objects.filter(report=report).order_by("role", "created_at", "id")


# Without the right to a report's private details, its place is shown on a grid of about
# 550 × 350 m (0.005°), on a circle wide enough to hold the real point.
VAGUE_STEP = 0.005
VAGUE_RADIUS_M = 400


def vague_point(lat: float, lon: float) -> tuple[float, float]:
    """Return the centre of the grid cell that holds the point."""

    def snap(value: float) -> float:
        return round((math.floor(value / VAGUE_STEP) + 0.5) * VAGUE_STEP, 6)

    return snap(lat), snap(lon)


@dataclass(frozen=True)
class ReportAccess:
    """What a person who opened a report may see of it and do with it."""

    # Through a working role: internal notes, reasons and files, and what was written to and
    # by the resident. Analysts and administrators see the report without them.
    as_staff: bool
    # The text, address, answers and exact place: hidden only for a private category seen
    # without a working role.
    show_private: bool
    contact: ContactAccess
    handles: bool
    note_visibilities: tuple[str, ...]

    @property
    def can_note(self) -> bool:
        return bool(self.note_visibilities)


def report_access(user: User | None, report: Report) -> ReportAccess:
    """Return what the person may see of a report they opened, decided here once."""
    as_staff = _as_staff(user, report)
    return ReportAccess(
        as_staff=as_staff,
        show_private=as_staff or not report.category.is_private,
        contact=contact_access(user, report),
        handles=can_handle(user, report),
        note_visibilities=tuple(note_visibilities_for(user, report)),
    )


def reports_with_private_details(user: User | None, reports: list[Report]) -> set[int]:
    """Return the ids, among these reports, whose text, address and place the person sees."""
    shown = {r.pk for r in reports if not r.category.is_private}
    private = [r.pk for r in reports if r.category.is_private]
    if private and scope_for(user).is_partner_staff:
        shown |= set(
            reports_seen_as_staff(user).filter(pk__in=private).values_list("pk", flat=True)
        )
    return shown


def related_reports_visible_to(user: User | None, report: Report) -> list[Report]:
    """Return the reports linked to this one that the person may also open."""
    links = ReportLink.objects.filter(Q(report=report) | Q(related=report))
    ids = {link.related_id if link.report_id == report.pk else link.report_id for link in links}
    return list(
        reports_visible_to(user)
        .filter(pk__in=ids)
        .select_related("category", "organisation")
        .order_by("created_at")
    )


@dataclass
class TimelineEntry:
    """One line of a report's history as a person may see it."""

    at: dt.datetime
    kind: str  # status, activity, message, question, answer, note
    by: Any = None
    organisation: Any = None
    obj: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def report_timeline(user: User | None, report: Report) -> list[TimelineEntry]:
    """Return the report's full history for a person who opened it, oldest first.

    Status changes, assignments and links, public messages, questions to the resident and
    their answers, and the internal notes the person may read. Seen without a working role
    (analysts, administrators), entries are `redacted`: no internal reasons, no notes, no
    words to or from the resident, no names of files.
    """
    staff = _as_staff(user, report)
    flags = {"show_reason": staff, "redacted": not staff}
    entries: list[TimelineEntry] = []
    for change in StatusChange.objects.filter(report=report).select_related("by", "organisation"):
        entries.append(
            TimelineEntry(
                at=change.at,
                kind="status",
                by=change.by,
                organisation=change.organisation,
                obj=change,
                extra=flags,
            )
        )
    for activity in Activity.objects.filter(report=report).select_related("by", "organisation"):
        entries.append(
            TimelineEntry(
                at=activity.at,
                kind="activity",
                by=activity.by,
                organisation=activity.organisation,
                obj=activity,
                extra=flags,
            )
        )
    for message in Message.objects.filter(report=report).select_related("by", "organisation"):
        entries.append(
            TimelineEntry(
                at=message.at,
                kind="message",
                by=message.by,
                organisation=message.organisation,
                obj=message,
                extra=flags,
            )
        )
    for request in InfoRequest.objects.filter(report=report).select_related(
        "asked_by", "organisation"
    ):
        entries.append(
            TimelineEntry(
                at=request.asked_at,
                kind="question",
                by=request.asked_by,
                organisation=request.organisation,
                obj=request,
                extra=flags,
            )
        )
        if request.answered_at is not None:
            entries.append(
                TimelineEntry(at=request.answered_at, kind="answer", obj=request, extra=flags)
            )
    for reopen in ReopenRequest.objects.filter(report=report).select_related(
        "decided_by", "organisation"
    ):
        entries.append(TimelineEntry(at=reopen.asked_at, kind="reopen", obj=reopen, extra=flags))
        if reopen.decision == ReopenDecision.DECLINED and reopen.decided_at is not None:
            entries.append(
                TimelineEntry(
                    at=reopen.decided_at,
                    kind="reopen_declined",
                    by=reopen.decided_by,
                    organisation=reopen.organisation,
                    obj=reopen,
                    extra=flags,
                )
            )
    for answer in Satisfaction.objects.filter(report=report):
        entries.append(TimelineEntry(at=answer.at, kind="satisfaction", obj=answer, extra=flags))
    if staff:
        for note in (
            notes_visible_to(user).filter(report=report).select_related("author", "organisation")
        ):
            entries.append(
                TimelineEntry(
                    at=note.at,
                    kind="note",
                    by=note.author,
                    organisation=note.organisation,
                    obj=note,
                )
            )
    entries.sort(key=lambda entry: entry.at)
    return entries


@dataclass(frozen=True)
class ReportFamily:
    """The reports around one report that the person may also open.

    The children of a split are the parent's own progress: whoever opens the parent sees each
    child's reference, category, organisation and status, and opens those they may.
    """

    parent: Report | None
    duplicate_of: Report | None
    children: list[Report]
    duplicates: list[Report]
    related: list[Report]
    openable_children: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(
            self.parent or self.duplicate_of or self.children or self.duplicates or self.related
        )


def report_family(user: User | None, report: Report) -> ReportFamily:
    """Return the report's parent, master, children, duplicates and links the person sees.

    A reference the person may not open is left out, so the page confirms nothing about it,
    except the children of a split, which are part of the parent's progress.
    """
    children = list(
        Report.objects.filter(parent=report)
        .select_related("category", "organisation")
        .order_by("created_at")
    )
    around = [pk for pk in (report.parent_id, report.duplicate_of_id) if pk is not None]
    # Read here rather than joined to the report in `report_for`: two joins fewer to plan.
    openable = (
        {r.pk: r for r in reports_visible_to(user).filter(pk__in=around).only("reference")}
        if around
        else {}
    )
    return ReportFamily(
        parent=openable.get(report.parent_id) if report.parent_id else None,
        duplicate_of=openable.get(report.duplicate_of_id) if report.duplicate_of_id else None,
        children=children,
        openable_children=frozenset(
            reports_visible_to(user)
            .filter(pk__in=[child.pk for child in children])
            .values_list("pk", flat=True)
        )
        if children
        else frozenset(),
        duplicates=list(
            reports_visible_to(user)
            .filter(duplicate_of=report)
            .only("reference", "status")
            .order_by("created_at")
        ),
        related=related_reports_visible_to(user, report),
    )


def is_overdue(report: Report, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        report.status in OPEN_STATUSES and report.deadline is not None and (report.deadline < today)
    )


def lateness(report: Report, today: dt.date | None = None) -> int:
    """Return 0 on time, 1 overdue, 3 past three times the time it was given."""
    today = today or timezone.localdate()
    if not is_overdue(report, today) or report.deadline is None:
        return 0
    created = timezone.localdate(report.created_at)
    allowed = max((report.deadline - created).days, 1)
    return 3 if (today - created).days > 3 * allowed else 1


SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
}


@dataclass(frozen=True)
class ReportFilters:
    """What a queue or a list of reports is narrowed to; every field is optional."""

    statuses: tuple[str, ...] = ()
    open_only: bool = False
    category_ids: tuple[int, ...] = ()
    neighbourhood_ids: tuple[int, ...] = ()
    municipality_ids: tuple[int, ...] = ()
    office_ids: tuple[int, ...] = ()
    assignee_ids: tuple[int, ...] = ()
    unassigned: bool = False
    overdue: bool = False
    reopen_asked: bool = False
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    text: str = ""
    sort: str = "deadline"


class QueueScope(enum.Enum):
    ORGANISATION = "organisation"  # the reports an organisation handles
    OFFICE = "office"  # every report of an office's catchment
    ALL = "all"  # every report the person may see (analysts, administrators)


def queue_reports(
    user: User | None,
    *,
    scope: QueueScope,
    organisation_id: int | None = None,
    office_id: int | None = None,
    filters: ReportFilters = ReportFilters(),
) -> QuerySet[Report]:
    """Return a work queue, filtered and sorted, rows ready to list without further queries.

    An organisation's queue is the reports it handles now; an office's, every report of its
    catchment. Both are for the person's own organisations and offices, and never go beyond
    what the person may open.
    """
    visible = scope_for(user)
    reports: QuerySet[Report]
    # Words of a description find only the reports whose text the person may read.
    readable: Q | None = None
    # The staff of the handling organisation, and those covering an office's catchment, see
    # every report of their queue (`_visible` says so): the queue is then that organisation's
    # or office's reports alone, a condition PostgreSQL reads off an index, count included.
    if scope == QueueScope.ORGANISATION and organisation_id in visible.handler_organisation_ids:
        reports = Report.objects.filter(organisation_id=organisation_id)
    elif scope == QueueScope.ORGANISATION and organisation_id in visible.organisation_ids:
        reports = reports_seen_as_staff(user).filter(organisation_id=organisation_id)
    elif scope == QueueScope.OFFICE and office_id in visible.catchment_office_ids:
        reports = Report.objects.filter(office_id=office_id)
    elif scope == QueueScope.ALL:
        reports = reports_visible_to(user)
        if visible.sees_all_reports:
            readable = Q(category__is_private=False)
            if visible.is_partner_staff:
                readable |= _visible(visible)
    else:
        return Report.objects.none()
    reports = _filtered(reports, filters, readable=readable)
    return _listed(reports).order_by(*SORTS.get(filters.sort, SORTS["deadline"]))


def _listed(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Return the reports with what a list shows of them, read in the same query."""
    return (
        without_shapes(reports, "neighbourhood", "municipality")
        .annotate(reopen_asked=Exists(_pending_reopen))
        .select_related(
            "category",
            "category__parent",
            "neighbourhood",
            "municipality",
            "organisation",
            "assigned_to",
            "assigned_team",
        )
    )


def queue_page(reports: QuerySet[Report], *, start: int, stop: int) -> list[Report]:
    """Return reports[start:stop] of a queue from `queue_reports`, in two queries.

    The page's ids first, which PostgreSQL reads off an index alone where the filters allow
    (skipping `start` entries there); then those rows only, with their category, places and
    people. In one query, PostgreSQL would join every skipped row of a deep page too.
    """
    ids = list(reports.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    return list(_listed(Report.objects.filter(pk__in=ids)).order_by(*reports.query.order_by))


# A resident's "not solved" still waiting for the handler's answer.
_pending_reopen = ReopenRequest.objects.filter(
    report=OuterRef("pk"), decision=ReopenDecision.PENDING
)


def _filtered(
    reports: QuerySet[Report], filters: ReportFilters, *, readable: Q | None = None
) -> QuerySet[Report]:
    if filters.statuses:
        reports = reports.filter(status__in=filters.statuses)
    elif filters.open_only:
        reports = reports.filter(status__in=OPEN_STATUSES)
    if filters.category_ids:
        reports = reports.filter(
            Q(category_id__in=filters.category_ids)
            | Q(category__parent_id__in=filters.category_ids)
        )
    for name, values in (
        ("neighbourhood_id__in", filters.neighbourhood_ids),
        ("municipality_id__in", filters.municipality_ids),
        ("office_id__in", filters.office_ids),
    ):
        if values:
            reports = reports.filter(**{name: values})
    if filters.unassigned and filters.assignee_ids:
        reports = reports.filter(
            Q(assigned_to_id__in=filters.assignee_ids)
            | Q(assigned_to__isnull=True, assigned_team__isnull=True)
        )
    elif filters.unassigned:
        reports = reports.filter(assigned_to__isnull=True, assigned_team__isnull=True)
    elif filters.assignee_ids:
        reports = reports.filter(assigned_to_id__in=filters.assignee_ids)
    if filters.overdue:
        reports = reports.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
    if filters.reopen_asked:
        reports = reports.filter(Exists(_pending_reopen))
    if filters.created_from:
        reports = reports.filter(created_at__gte=_start_of(filters.created_from))
    if filters.created_to:
        reports = reports.filter(
            created_at__lt=_start_of(filters.created_to + dt.timedelta(days=1))
        )
    text = filters.text.strip()
    if text:
        in_text = Q(description__icontains=text)
        if readable is not None:
            in_text &= readable
        reports = reports.filter(_in_reference(text) | in_text)
    return reports


# A whole reference as `format_reference` writes it: BXL-2026-000123.
WHOLE_REFERENCE = re.compile(r"[A-Z]+-[0-9]{4}-[0-9]{6,}")


def _in_reference(text: str) -> Q:
    """Return the condition "the reference holds the text".

    A whole reference can only start one (the prefix is the same for all, the parts have
    their hyphens): it is looked up on the reference's pattern index. As a trigram search it
    would read the trigrams every reference shares ("BXL", "-20"…): 60 ms at a million.
    """
    prefix = settings.LISA_REFERENCE_PREFIX
    if prefix.isupper() and WHOLE_REFERENCE.fullmatch(text.upper()):
        return Q(reference__startswith=text.upper())
    return Q(reference__icontains=text)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Digest:
    """What an organisation's staff read in their daily e-mail."""

    new: list[Report]
    new_count: int
    overdue: list[Report]
    overdue_count: int

    @property
    def is_empty(self) -> bool:
        return not (self.new_count or self.overdue_count)


def digest_for(
    organisation_id: int, *, since: dt.datetime, today: dt.date, limit: int = 20
) -> Digest:
    """Return the reports that reached an organisation since a moment, and its overdue ones.

    A report "reached" the organisation when it was created for it or transferred to it; it
    counts while it is still new there.
    """
    arrived = Report.objects.filter(
        organisation_id=organisation_id,
        status="new",
        status_changed_at__gte=since,
    )
    overdue = Report.objects.filter(
        organisation_id=organisation_id, status__in=OPEN_STATUSES, deadline__lt=today
    )
    related = ("category", "category__parent", "neighbourhood", "municipality")
    return Digest(
        new=list(arrived.select_related(*related).order_by("deadline", "id")[:limit]),
        new_count=arrived.count(),
        overdue=list(overdue.select_related(*related).order_by("deadline", "id")[:limit]),
        overdue_count=overdue.count(),
    )


# The base lists of the back office, in the order their indexes keep, so that a page is
# read off the index without a sort (lisa/reports/tests/test_indexes.py checks the plans
# on PostgreSQL). Callers check first that the person may see these reports.


def organisation_queue(organisation: Organisation) -> QuerySet[Report]:
    """Return the organisation's open reports, the nearest deadline first.

    Index: report_org_open_deadline (organisation, deadline, id) on open reports;
    narrowed to one status, report_org_open_status.
    """
    return Report.objects.filter(organisation=organisation, status__in=OPEN_STATUSES).order_by(
        F("deadline").asc(nulls_last=True), "id"
    )


def office_reports(office: Office) -> QuerySet[Report]:
    """Return the reports of the office, the newest first.

    Index: report_office_created (office, created_at desc, id desc).
    """
    return Report.objects.filter(office=office).order_by("-created_at", "-id")


def municipality_reports(municipality: Area) -> QuerySet[Report]:
    """Return the reports located in the municipality, the newest first.

    Index: report_municipality_created (municipality, created_at desc, id desc).
    """
    return Report.objects.filter(municipality=municipality).order_by("-created_at", "-id")


@dataclass(frozen=True)
class SatisfactionSummary:
    """The residents' latest answers about a report, and their average."""

    answers: list[Satisfaction]

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return sum(answer.score for answer in self.answers) / len(self.answers)


def latest_satisfactions() -> QuerySet[Satisfaction]:
    """Return the answers that count: each resident's latest about each report.

    The base of satisfaction figures (dashboards filter it by the report's organisation,
    office, category or period): an earlier answer a resident changed is left out.
    """
    later = Satisfaction.objects.filter(
        report=OuterRef("report"), reporter=OuterRef("reporter")
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")))
    return Satisfaction.objects.filter(~Exists(later))


def satisfaction_of(user: User | None, report: Report) -> SatisfactionSummary:
    """Return what the residents said of the handling of a report the person opened.

    Without a working role on the report (analysts), the comments are left out: they are the
    residents' own words.
    """
    answers = list(latest_satisfactions().filter(report=report).order_by("at", "id"))
    if not _as_staff(user, report):
        answers = [
            Satisfaction(
                report_id=answer.report_id,
                reporter_id=answer.reporter_id,
                score=answer.score,
                via=answer.via,
                at=answer.at,
            )
            for answer in answers
        ]
    return SatisfactionSummary(answers=answers)


def pending_reopen_request(report: Report) -> ReopenRequest | None:
    """Return the resident's "not solved" waiting for an answer, if there is one."""
    return (
        ReopenRequest.objects.filter(report=report, decision=ReopenDecision.PENDING)
        .order_by("asked_at", "id")
        .first()
    )
