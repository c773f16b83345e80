"""Writes to reports. Every channel creates and moves reports through these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.calendars import deadline_for
from lisa.accounts.models import Organisation, Team, User
from lisa.errors import LisaError, NotFound
from lisa.geo.locator import locate
from lisa.lib.geometry import report_cell
from lisa.lib.images import CleanImage
from lisa.offices.models import Office
from lisa.reports import outbound
from lisa.reports.models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Attachment,
    Category,
    Channel,
    InfoRequest,
    Message,
    Note,
    NoteVisibility,
    ReferenceCounter,
    ReopenDecision,
    ReopenRequest,
    Report,
    Reporter,
    ReporterRole,
    ReportLink,
    ResponseTemplate,
    Satisfaction,
    Status,
    StatusChange,
)
from lisa.reports.outbound import Announcement, Event
from lisa.reports.questions import clean_answers
from lisa.reports.routing import RoutingDecision, office_serving, route, transfer_reason

MAX_DESCRIPTION = 5000
LANGUAGES = ("fr", "nl", "en")

# Which status may follow which (see the lifecycle in DESIGN.md). A transfer is
# recorded as "transferred" and the report starts again as "new" elsewhere.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.REJECTED,
        Status.DUPLICATE,
        Status.TRANSFERRED,
    },
    Status.ACKNOWLEDGED: {
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.RESOLVED,
        Status.REJECTED,
        Status.DUPLICATE,
        Status.TRANSFERRED,
    },
    Status.IN_PROGRESS: {Status.WAITING, Status.RESOLVED, Status.TRANSFERRED, Status.DUPLICATE},
    Status.WAITING: {Status.IN_PROGRESS, Status.RESOLVED},
    Status.RESOLVED: {Status.CLOSED, Status.REOPENED},
    Status.REOPENED: {Status.IN_PROGRESS, Status.RESOLVED, Status.TRANSFERRED},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
    Status.DUPLICATE: set(),
    Status.TRANSFERRED: set(),
}
# What a report can be a duplicate of: a problem still being handled, or solved
# (the resident may still say it is not). A closed, rejected or duplicate report
# is no place to gather the others.
MASTER_STATUSES = {*OPEN_STATUSES, Status.RESOLVED}


@dataclass(frozen=True)
class ReporterDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "fr"
    consents_to_contact: bool = False


@dataclass(frozen=True)
class CreatedReport:
    report: Report
    decision: RoutingDecision
    # Given once to the resident (in the follow link); only its hash is kept.
    follow_token: str | None


def report_create(
    *,
    category: Category,
    lat: float,
    lon: float,
    description: str,
    channel: str,
    by: User | None = None,
    address: str = "",
    attributes: dict[str, Any] | None = None,
    reporter: ReporterDetails | None = None,
    registered_at_office: Office | None = None,
    language: str = "fr",
    now: dt.datetime | None = None,
    notify: bool = True,
    parent: Report | None = None,
    organisation: Organisation | None = None,
    announce: bool | None = None,
) -> CreatedReport:
    """Locate, route and store a new report with its reporter and first history row.

    `now` backdates a report brought in from elsewhere (an import, the demo);
    `notify=False` then keeps its resident from being e-mailed today. `parent` makes it a
    child of a report that was split; `organisation` overrides the routing rules, and the
    report then says who chose it. Systems outside LISA are told of it (`outbound`) when the
    resident is, unless `announce` says otherwise.
    """
    now = now or timezone.now()
    description = (description or "").strip()
    if not description:
        raise LisaError(
            "description_required", _("Please describe the problem."), field="description"
        )
    if len(description) > MAX_DESCRIPTION:
        raise LisaError(
            "description_too_long",
            _("The description is limited to %(max)s characters.") % {"max": MAX_DESCRIPTION},
            field="description",
        )
    if channel not in Channel.values:
        raise LisaError("invalid_channel", _("Unknown channel."), field="channel")
    if not category.is_active:
        raise LisaError(
            "inactive_category",
            _("The category %(category)s is no longer in use.") % {"category": category.name},
            field="category",
        )
    language = language if language in LANGUAGES else "fr"
    if reporter is not None:
        reporter = _clean_reporter(reporter)
    answers = clean_answers(category=category, answers=attributes)
    location = locate(lat=lat, lon=lon)
    decision = route(category=category, location=location, attributes=answers)
    office = decision.office or office_serving(location)
    reason = decision.as_reason()
    if organisation is not None:
        if not organisation.is_active:
            raise LisaError(
                "inactive_organisation",
                _("%(organisation)s no longer handles reports.")
                % {"organisation": organisation.name},
                field="organisation",
            )
        decision = RoutingDecision(
            organisation=organisation, rule=None, step="chosen", category=category, office=office
        )
        reason = decision.as_reason() | {"by": str(by) if by else ""}
    if parent is not None:
        reason["split_from"] = parent.reference
    local_today = timezone.localdate(now)
    follow_token = secrets.token_urlsafe(24) if reporter is not None else None

    reference = _next_reference(year=local_today.year)
    with transaction.atomic():
        report = Report.objects.create(
            reference=reference,
            category=category,
            description=description,
            attributes=answers,
            lat=lat,
            lon=lon,
            grid_cell=report_cell(lat, lon),
            address=(address or "").strip()[:300],
            municipality=location.municipality,
            police_zone=location.police_zone,
            neighbourhood=location.neighbourhood,
            office=office,
            channel=channel,
            status=Status.NEW,
            is_public=not category.is_private,
            organisation=decision.organisation,
            routing_rule=decision.rule,
            routing_reason=reason,
            deadline=deadline_for(
                organisation=decision.organisation, start=local_today, days=category.deadline_days
            ),
            language=language,
            created_by=by,
            registered_at_office=registered_at_office,
            parent=parent,
            created_at=now,
            status_changed_at=now,
        )
        if reporter is not None:
            created_reporter = Reporter.objects.create(
                report=report,
                role=ReporterRole.REPORTER,
                name=reporter.name,
                email=reporter.email,
                phone=reporter.phone,
                language=reporter.language,
                consents_to_contact=reporter.consents_to_contact,
                follow_token_hash=hash_token(follow_token or ""),
                created_at=now,
            )
            if created_reporter.email and notify:
                from lisa.reports.tasks import send_acknowledgement

                transaction.on_commit(
                    lambda: send_acknowledgement.enqueue(
                        reporter_id=created_reporter.id, token=follow_token or ""
                    )
                )
        StatusChange.objects.create(
            report=report,
            from_status="",
            to_status=Status.NEW,
            organisation=decision.organisation,
            by=by,
            at=now,
        )
        if notify if announce is None else announce:
            outbound.announce(
                Announcement(Event.CREATED, report.pk, organisation_id=report.organisation_id)
            )
            outbound.announce(
                Announcement(Event.ROUTED, report.pk, organisation_id=report.organisation_id)
            )
    return CreatedReport(report=report, decision=decision, follow_token=follow_token)


@dataclass(frozen=True)
class CreatedSupport:
    supporter: Reporter
    # Given once to the resident (in the follow link); only its hash is kept.
    follow_token: str


def report_support(
    *,
    report: Report,
    reporter: ReporterDetails,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> CreatedSupport:
    """Add a resident's voice to a report of the same problem ("me too") instead of a new one.

    They join as a supporter with a follow link of their own; only open public reports can be
    joined (a closed one is a problem to report again).
    """
    now = now or timezone.now()
    reporter = _clean_reporter(reporter)
    follow_token = secrets.token_urlsafe(24)
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update(of=("self",))
            .select_related("category")
            .get(pk=report.pk)
        )
        if not locked.is_public or locked.category.is_private or locked.status not in OPEN_STATUSES:
            raise LisaError(
                "cannot_support",
                _("The report %(reference)s can no longer be joined: report the problem anew.")
                % {"reference": locked.reference},
                field="support",
            )
        supporter = Reporter.objects.create(
            report=locked,
            role=ReporterRole.SUPPORTER,
            name=reporter.name,
            email=reporter.email,
            phone=reporter.phone,
            language=reporter.language,
            consents_to_contact=reporter.consents_to_contact,
            follow_token_hash=hash_token(follow_token),
            created_at=now,
        )
        # Who joined stays off the history: it says a resident did, not who.
        Activity.objects.create(
            report=locked,
            kind=ActivityKind.SUPPORTER_JOINED,
            by=None,
            organisation=locked.organisation,
            at=now,
            data={"channel": Channel.WEB},
        )
        if supporter.email and notify:
            from lisa.reports.tasks import send_acknowledgement

            transaction.on_commit(
                lambda: send_acknowledgement.enqueue(reporter_id=supporter.id, token=follow_token)
            )
    return CreatedSupport(supporter=supporter, follow_token=follow_token)


def report_transition(
    *,
    report: Report,
    to_status: str,
    by: User | None,
    public_message: str = "",
    reason: str = "",
    to_organisation: Organisation | None = None,
    duplicate_of: Report | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
    announce: bool | None = None,
) -> Report:
    """Move a report to a new status, appending the change to its history.

    A transfer needs the organisation and a reason; the report starts again as
    new there, with a deadline in that organisation's working days. A duplicate
    needs the report it duplicates (its master), which must be open or resolved;
    its residents then follow the master and are told so. A public message is
    e-mailed to the residents; `notify=False` (a backdated change) sends nothing, and tells
    no system outside LISA unless `announce` says otherwise.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if to_status not in Status.values:
        raise LisaError("invalid_status", _("Unknown status."), field="status")
    if to_status == Status.TRANSFERRED:
        if to_organisation is None:
            raise LisaError(
                "organisation_required",
                _("Choose the organisation the report is transferred to."),
                field="organisation",
            )
        if not reason:
            raise LisaError(
                "reason_required",
                _("Say why the report is transferred."),
                field="reason",
            )
    if to_status == Status.DUPLICATE:
        if duplicate_of is None:
            raise LisaError(
                "duplicate_of_required",
                _("Choose the report this one duplicates."),
                field="duplicate_of",
            )
        if duplicate_of.pk == report.pk:
            raise LisaError(
                "duplicate_of_itself",
                _("A report cannot be a duplicate of itself."),
                field="duplicate_of",
            )
    with transaction.atomic():
        # Both rows are locked, always in the order of their ids, so that two
        # people marking two reports as duplicates of each other wait for one
        # another instead of deadlocking; the second is then refused.
        master_id = duplicate_of.pk if to_status == Status.DUPLICATE and duplicate_of else None
        ids = [report.pk] if master_id is None else [report.pk, master_id]
        rows = {
            row.pk: row
            for row in Report.objects.select_for_update(of=("self",))
            .select_related("category", "organisation")
            .filter(pk__in=ids)
            .order_by("pk")
        }
        if report.pk not in rows:
            raise Report.DoesNotExist(f"No report {report.pk}")
        locked = rows[report.pk]
        if to_status not in TRANSITIONS[locked.status]:
            raise LisaError(
                "invalid_transition",
                _("A report that is %(from)s cannot become %(to)s.")
                % {"from": Status(locked.status).label, "to": Status(to_status).label},
                field="status",
            )
        history = [
            StatusChange(
                report=locked,
                from_status=locked.status,
                to_status=to_status,
                organisation=locked.organisation,
                by=by,
                at=now,
                public_message=public_message,
                reason=reason,
            )
        ]
        locked.status = to_status
        if master_id is not None:
            locked.duplicate_of = _check_master(locked, rows.get(master_id))
        if to_status == Status.TRANSFERRED and to_organisation is not None:
            destination = _check_destination(locked, to_organisation)
            locked.routing_reason = transfer_reason(
                category=locked.category,
                from_organisation=locked.organisation,
                to_organisation=destination,
                by=by,
                reason=reason,
                previous=locked.routing_reason,
            )
            # The office stays the office of the place: the report is still there.
            locked.routing_rule = None
            locked.organisation = destination
            # Whoever worked on it belongs to the previous organisation: the next one assigns.
            locked.assigned_to = None
            locked.assigned_team = None
            locked.status = Status.NEW
            locked.deadline = deadline_for(
                organisation=destination,
                start=timezone.localdate(now),
                days=locked.category.deadline_days,
            )
            history.append(
                StatusChange(
                    report=locked,
                    from_status=Status.TRANSFERRED,
                    to_status=Status.NEW,
                    organisation=destination,
                    by=by,
                    at=now,
                )
            )
        locked.status_changed_at = now
        locked.save(
            update_fields=[
                "status",
                "duplicate_of",
                "organisation",
                "routing_rule",
                "routing_reason",
                "assigned_to",
                "assigned_team",
                "deadline",
                "status_changed_at",
                "updated_at",
            ]
        )
        StatusChange.objects.bulk_create(history)
        if master_id is not None:
            _merge_residents(duplicate=locked, master=locked.duplicate_of, by=by, now=now)
        if notify:
            _notify_residents(report=locked, change=history[0], master_id=master_id)
        if notify if announce is None else announce:
            for change in history:
                outbound.announce(
                    Announcement(Event.STATUS_CHANGED, locked.pk, change_id=change.pk)
                )
            if to_status == Status.TRANSFERRED:
                outbound.announce(
                    Announcement(Event.ROUTED, locked.pk, organisation_id=locked.organisation_id)
                )
    for name in (
        "status",
        "duplicate_of",
        "organisation",
        "routing_rule",
        "routing_reason",
        "assigned_to",
        "assigned_team",
        "deadline",
        "status_changed_at",
        "updated_at",
    ):
        setattr(report, name, getattr(locked, name))
    return report


def _merge_residents(
    *, duplicate: Report, master: Report | None, by: User | None, now: dt.datetime
) -> None:
    """Make the residents of a duplicate supporters of its master, each address once."""
    if master is None:
        return
    known = {
        email.lower()
        for email in Reporter.objects.filter(report=master)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    joined = 0
    for reporter in Reporter.objects.filter(report=duplicate).order_by("id"):
        if reporter.email and reporter.email.lower() in known:
            continue
        if reporter.email:
            known.add(reporter.email.lower())
        Reporter.objects.create(
            report=master,
            role=ReporterRole.SUPPORTER,
            name=reporter.name,
            email=reporter.email,
            phone=reporter.phone,
            language=reporter.language,
            consents_to_contact=reporter.consents_to_contact,
            # Their own follow link keeps working, and now leads to the master too.
            follow_token_hash=reporter.follow_token_hash,
            created_at=now,
        )
        joined += 1
    Activity.objects.create(
        report=master,
        kind=ActivityKind.SUPPORTERS_MERGED,
        by=by,
        organisation=master.organisation,
        at=now,
        data={"reference": duplicate.reference, "residents": joined},
    )


def _notify_residents(*, report: Report, change: StatusChange, master_id: int | None) -> None:
    from lisa.reports.tasks import send_merged_notice, send_status_update

    # A resolution always reaches the residents: it asks how satisfied they are.
    if (change.public_message or change.to_status == Status.RESOLVED) and change.pk:
        change_id = change.pk
        transaction.on_commit(lambda: send_status_update.enqueue(change_id=change_id))
    if master_id is not None:
        report_id = report.pk
        transaction.on_commit(lambda: send_merged_notice.enqueue(report_id=report_id))


def _check_master(report: Report, master: Report | None) -> Report:
    """Return the locked master of a duplicate, or refuse it."""
    if master is None:
        raise LisaError(
            "duplicate_of_required",
            _("Choose the report this one duplicates."),
            field="duplicate_of",
        )
    # Follow the master's own chain: reaching this report again would make a loop.
    seen = {master.pk}
    current = master
    while current.duplicate_of_id is not None and current.duplicate_of_id not in seen:
        if current.duplicate_of_id == report.pk:
            raise LisaError(
                "duplicate_cycle",
                _("%(master)s is itself a duplicate of %(report)s.")
                % {"master": master.reference, "report": report.reference},
                field="duplicate_of",
            )
        seen.add(current.duplicate_of_id)
        current = Report.objects.only("id", "reference", "duplicate_of").get(
            pk=current.duplicate_of_id
        )
    if master.status == Status.DUPLICATE and current.pk != master.pk:
        raise LisaError(
            "duplicate_of_duplicate",
            _("%(master)s is itself a duplicate of %(original)s: choose that report.")
            % {"master": master.reference, "original": current.reference},
            field="duplicate_of",
        )
    if master.status not in MASTER_STATUSES:
        raise LisaError(
            "duplicate_of_closed",
            _("%(master)s is %(status)s: a report can only duplicate an open or resolved one.")
            % {"master": master.reference, "status": Status(master.status).label},
            field="duplicate_of",
        )
    return master


def _check_destination(report: Report, organisation: Organisation) -> Organisation:
    """Return the organisation a report is transferred to, read afresh, or refuse it."""
    destination = Organisation.objects.filter(pk=organisation.pk).first()
    if destination is None or not destination.is_active:
        raise LisaError(
            "inactive_organisation",
            _("%(organisation)s no longer takes reports: choose another organisation.")
            % {"organisation": organisation.name},
            field="organisation",
        )
    if destination.pk == report.organisation_id:
        raise LisaError(
            "same_organisation",
            _("%(organisation)s already handles this report.") % {"organisation": destination.name},
            field="organisation",
        )
    return destination


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest() if token else ""


def _clean_reporter(reporter: ReporterDetails) -> ReporterDetails:
    email = reporter.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise LisaError(
                "invalid_email", _("This e-mail address is not valid."), field="email"
            ) from None
    return ReporterDetails(
        name=reporter.name.strip()[:200],
        email=email,
        phone=reporter.phone.strip()[:40],
        language=reporter.language if reporter.language in LANGUAGES else "fr",
        consents_to_contact=reporter.consents_to_contact,
    )


def _next_reference(*, year: int, prefix: str = "") -> str:
    """Return the next reference of the year, counted by one statement.

    Called before the report's own transaction opens, it runs in a transaction of its own, so
    that the counter's row is locked for the time of one statement rather than until the
    report is written and flushed to disk: otherwise every report of the region would wait
    for the commit of the one before it. A report refused after that (a database error, as
    every check comes first) leaves a gap in the numbers. Inside a larger transaction (a
    split, a case) the row stays locked until that one commits.
    """
    prefix = prefix or settings.LISA_REFERENCE_PREFIX
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (prefix, year, last) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (prefix, year) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost and connection.vendor == "postgresql":
            # The report that takes this number commits after it, and its commit flushes
            # this one too: no need to wait for the disk twice.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, [prefix, year])
        (number,) = cursor.fetchone()
    return format_reference(prefix=prefix, year=year, number=number)


def format_reference(*, prefix: str, year: int, number: int) -> str:
    """Return the human reference of a report, such as BXL-2026-000123."""
    return f"{prefix}-{year}-{number:06d}"


# --- Handling a report in the back office -------------------------------------------------

MAX_NOTE = 5000
MAX_MESSAGE = 3000
INFO_REQUEST_DAYS = 5
MAX_SPLIT_PARTS = 5


def report_assign(
    *,
    report: Report,
    by: User,
    to_user: User | None = None,
    to_team: Team | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Report:
    """Give the report to a person or a team of the handling organisation (or to nobody).

    The person given it is told by e-mail, unless they gave it to themselves or `notify` is
    false (work brought in from elsewhere: an import, the demo).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if to_user is not None and not _works_for(to_user, locked.organisation_id):
            raise LisaError(
                "assignee_not_in_organisation",
                _("%(person)s does not work for the organisation handling this report.")
                % {"person": to_user},
                field="assignee",
            )
        if to_team is not None and (
            to_team.organisation_id != locked.organisation_id or not to_team.is_active
        ):
            raise LisaError(
                "team_not_in_organisation",
                _("The team %(team)s is not a team of the organisation handling this report.")
                % {"team": to_team.name},
                field="assignee",
            )
        if (locked.assigned_to_id, locked.assigned_team_id) == (
            to_user.pk if to_user else None,
            to_team.pk if to_team else None,
        ):
            return report
        locked.assigned_to = to_user
        locked.assigned_team = to_team
        locked.save(update_fields=["assigned_to", "assigned_team", "updated_at"])
        Activity.objects.create(
            report=locked,
            kind=ActivityKind.ASSIGNED,
            by=by,
            organisation=locked.organisation,
            at=now,
            data={
                "user": str(to_user) if to_user else "",
                "team": _names_of(to_team) if to_team else None,
            },
        )
        if notify and to_user is not None and to_user.pk != by.pk and to_user.email:
            from lisa.reports.tasks import send_assignment_notice

            transaction.on_commit(
                lambda: send_assignment_notice.enqueue(
                    report_id=locked.pk, user_id=to_user.pk, by_id=by.pk
                )
            )
    report.assigned_to = to_user
    report.assigned_team = to_team
    return report


def report_link(
    *, report: Report, related: Report, by: User, now: dt.datetime | None = None
) -> None:
    """Mark two reports as related; each shows the other."""
    now = now or timezone.now()
    if report.pk == related.pk:
        raise LisaError(
            "link_to_itself", _("A report cannot be related to itself."), field="related"
        )
    low, high = sorted((report, related), key=lambda r: r.pk)
    with transaction.atomic():
        _link, created = ReportLink.objects.get_or_create(
            report=low, related=high, defaults={"by": by, "at": now}
        )
        if not created:
            raise LisaError(
                "already_linked",
                _("%(reference)s is already related to this report.")
                % {"reference": related.reference},
                field="related",
            )
        for one, other in ((report, related), (related, report)):
            Activity.objects.create(
                report=one,
                kind=ActivityKind.LINKED,
                by=by,
                organisation=one.organisation,
                at=now,
                data={"reference": other.reference},
            )


@dataclass(frozen=True)
class SplitPart:
    category: Category
    description: str
    organisation: Organisation | None = None


def report_split(
    *,
    report: Report,
    parts: list[SplitPart],
    by: User,
    now: dt.datetime | None = None,
    announce: bool = True,
) -> list[Report]:
    """Make a child report for each other problem found at the place of this one.

    Each child is a report of its own (its category, its organisation, its deadline), made
    through `report_create` at the same place, and routed by the rules unless an
    organisation is chosen. The parent lists its children and their progress. Systems
    outside LISA hear of the children unless `announce` is False (a split played back).
    """
    now = now or timezone.now()
    if not parts:
        raise LisaError("split_parts_required", _("Describe at least one other problem."))
    if len(parts) > MAX_SPLIT_PARTS:
        raise LisaError(
            "too_many_split_parts",
            _("A report is split into at most %(max)s reports at once.") % {"max": MAX_SPLIT_PARTS},
        )
    if report.parent_id is not None:
        raise LisaError(
            "split_of_a_child",
            _("This report was itself split from another; split the first report instead."),
        )
    children = []
    with transaction.atomic():
        Report.objects.select_for_update().get(pk=report.pk)
        for part in parts:
            child = report_create(
                category=part.category,
                lat=report.lat,
                lon=report.lon,
                address=report.address,
                description=part.description,
                channel=report.channel,
                by=by,
                language=report.language,
                now=now,
                parent=report,
                organisation=part.organisation,
                notify=False,
                announce=announce,
            ).report
            children.append(child)
            Activity.objects.create(
                report=report,
                kind=ActivityKind.SPLIT,
                by=by,
                organisation=report.organisation,
                at=now,
                data={
                    "reference": child.reference,
                    "category": _names_of(child.category),
                    "organisation": _names_of(child.organisation) if child.organisation else None,
                },
            )
            Activity.objects.create(
                report=child,
                kind=ActivityKind.SPLIT_FROM,
                by=by,
                organisation=child.organisation,
                at=now,
                data={"reference": report.reference},
            )
            # The residents behind the first report follow the new ones too.
            for reporter in Reporter.objects.filter(report=report):
                Reporter.objects.create(
                    report=child,
                    role=ReporterRole.SUPPORTER,
                    name=reporter.name,
                    email=reporter.email,
                    phone=reporter.phone,
                    language=reporter.language,
                    consents_to_contact=reporter.consents_to_contact,
                    follow_token_hash=reporter.follow_token_hash,
                    created_at=now,
                )
    return children


def message_send(
    *,
    report: Report,
    body: str,
    by: User,
    template: ResponseTemplate | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Message:
    """Send a public message to the residents behind the report, each in their language.

    `notify=False` records it without e-mailing anyone (a message brought in from elsewhere).
    """
    now = now or timezone.now()
    body = (body or "").strip()
    if not body:
        raise LisaError("message_required", _("Write the message."), field="body")
    if len(body) > MAX_MESSAGE:
        raise LisaError(
            "message_too_long",
            _("A message is limited to %(max)s characters.") % {"max": MAX_MESSAGE},
            field="body",
        )
    with transaction.atomic():
        message = Message.objects.create(
            report=report,
            body=body,
            template=template,
            by=by,
            organisation=report.organisation,
            at=now,
        )
        if notify:
            from lisa.reports.tasks import send_public_message

            transaction.on_commit(lambda: send_public_message.enqueue(message_id=message.pk))
            outbound.announce(Announcement(Event.PUBLIC_MESSAGE, report.pk, message_id=message.pk))
    return message


def render_template(*, template: ResponseTemplate, report: Report, language: str) -> str:
    """Return the template's text for the report, in the language asked for."""
    from django.utils import formats, translation

    with translation.override(language):
        values = {
            "reference": report.reference,
            "category": report.category.name,
            "organisation": report.organisation.name if report.organisation else "",
            "deadline": formats.date_format(report.deadline) if report.deadline else "",
        }
        return template.body_in(language).format_map(_Blanks(values))


class _Blanks(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def note_add(
    *,
    by: User,
    body: str,
    visibility: str,
    organisation: Organisation,
    report: Report | None = None,
    case: Any = None,
    now: dt.datetime | None = None,
) -> Note:
    """Add an internal note to a report or a case, seen by whom its visibility says."""
    from lisa.accounts.models import Membership, Role
    from lisa.accounts.selectors import HANDLER_ROLES

    now = now or timezone.now()
    body = (body or "").strip()
    if not body:
        raise LisaError("note_required", _("Write the note."), field="body")
    if len(body) > MAX_NOTE:
        raise LisaError(
            "note_too_long",
            _("A note is limited to %(max)s characters.") % {"max": MAX_NOTE},
            field="body",
        )
    if visibility not in NoteVisibility.values:
        raise LisaError(
            "invalid_visibility", _("Choose who may read the note."), field="visibility"
        )
    if (report is None) == (case is None):
        raise LisaError("note_target", _("A note belongs to a report or to a case."))
    roles = set(
        Membership.objects.filter(user=by, organisation=organisation, is_active=True).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise LisaError(
            "not_a_member",
            _("You do not work for %(organisation)s.") % {"organisation": organisation.name},
        )
    office = report.office if report is not None else case.office
    if visibility == NoteVisibility.POLICE and (
        not organisation.is_police or Role.POLICE_OFFICER not in roles
    ):
        raise LisaError(
            "police_note_by_non_police",
            _("Only police officers write notes for the police only."),
            field="visibility",
        )
    # Only partner staff read their organisation's notes (docs/adr/0009-visibility.md): a desk
    # agent or a coordinator could not read back such a note.
    if visibility == NoteVisibility.ORGANISATION and not roles & HANDLER_ROLES:
        raise LisaError(
            "organisation_note_by_local_role",
            _("Desk agents and coordinators share their notes with the office's partners."),
            field="visibility",
        )
    if visibility == NoteVisibility.OFFICE and office is None:
        raise LisaError(
            "no_office_for_note",
            _("This report belongs to no office: share the note with your organisation."),
            field="visibility",
        )
    return Note.objects.create(
        report=report,
        case=case,
        visibility=visibility,
        organisation=organisation,
        office=office,
        author=by,
        body=body,
        at=now,
    )


def attachment_add(
    *,
    report: Report,
    data: bytes,
    filename: str,
    by: User | None,
    is_public: bool = False,
    now: dt.datetime | None = None,
) -> Attachment:
    """Store a photo (cleaned of its metadata, with a thumbnail) or a PDF on a report."""
    from django.core.files.base import ContentFile

    from lisa.lib.images import MAX_BYTES, ImageRefused, clean_image, is_pdf

    now = now or timezone.now()
    name = Path(filename or "").name[:200]
    if len(data) > MAX_BYTES:
        raise LisaError(
            "file_too_large",
            _("A file is limited to %(max)s MB.") % {"max": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    attachment = Attachment(
        report=report,
        original_name=name,
        is_public=is_public,
        uploaded_by=by,
        uploaded_at=now,
    )
    if is_pdf(data):
        attachment.content_type = "application/pdf"
        attachment.size = len(data)
        attachment.file.save("document.pdf", ContentFile(data), save=False)
        return _attachment_save(attachment)
    try:
        image = clean_image(data)
    except ImageRefused as refused:
        raise LisaError(
            f"image_{refused.code}",
            _("This file is not a photo LISA accepts (JPEG, PNG, WebP or HEIC) nor a PDF."),
            field="file",
        ) from None
    return attachment_add_photo(
        report=report, image=image, filename=name, by=by, is_public=is_public, now=now
    )


def attachment_add_photo(
    *,
    report: Report,
    image: CleanImage,
    filename: str,
    by: User | None,
    is_public: bool = False,
    now: dt.datetime | None = None,
) -> Attachment:
    """Store a photo already cleaned by lisa.lib.images.clean_image (a resident's upload
    kept while their form came back) on a report."""
    from django.core.files.base import ContentFile

    attachment = Attachment(
        report=report,
        original_name=Path(filename or "").name[:200],
        is_public=is_public,
        uploaded_by=by,
        uploaded_at=now or timezone.now(),
        content_type=image.content_type,
        size=len(image.data),
    )
    attachment.file.save(f"photo{image.extension}", ContentFile(image.data), save=False)
    attachment.thumbnail.save(f"thumb{image.extension}", ContentFile(image.thumbnail), save=False)
    return _attachment_save(attachment)


def _attachment_save(attachment: Attachment) -> Attachment:
    report = attachment.report
    with transaction.atomic():
        attachment.save()
        Activity.objects.create(
            report=report,
            kind=ActivityKind.ATTACHMENT_ADDED,
            by=attachment.uploaded_by,
            organisation=report.organisation,
            at=attachment.uploaded_at,
            data={"name": attachment.original_name, "public": attachment.is_public},
        )
    return attachment


def attachment_set_public(
    *, attachment: Attachment, is_public: bool, by: User, now: dt.datetime | None = None
) -> Attachment:
    """Show a photo to residents (once checked for faces and plates), or hide it again."""
    now = now or timezone.now()
    if attachment.is_public == is_public:
        return attachment
    with transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(is_public=is_public)
        attachment.is_public = is_public
        Activity.objects.create(
            report=attachment.report,
            kind=ActivityKind.ATTACHMENT_SHOWN if is_public else ActivityKind.ATTACHMENT_HIDDEN,
            by=by,
            organisation=attachment.report.organisation,
            at=now,
            data={"name": attachment.original_name},
        )
    return attachment


@dataclass(frozen=True)
class CreatedInfoRequest:
    request: InfoRequest
    # Sent once to the resident in the e-mail's link; only its hash is kept.
    token: str


def info_request_create(
    *,
    report: Report,
    question: str,
    by: User,
    days: int = INFO_REQUEST_DAYS,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> CreatedInfoRequest:
    """Ask the resident a question by e-mail; they answer through a link valid a few days.

    `notify=False` records the question without e-mailing the link (the demo answers it).
    """
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise LisaError("question_required", _("Write your question."), field="question")
    if len(question) > MAX_MESSAGE:
        raise LisaError(
            "question_too_long",
            _("A question is limited to %(max)s characters.") % {"max": MAX_MESSAGE},
            field="question",
        )
    if (
        not Reporter.objects.filter(report=report, role=ReporterRole.REPORTER)
        .exclude(email="")
        .exists()
    ):
        raise LisaError(
            "no_email_to_ask",
            _("The resident left no e-mail address: call them or note what you know."),
            field="question",
        )
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        request = InfoRequest.objects.create(
            report=report,
            question=question,
            asked_by=by,
            organisation=report.organisation,
            asked_at=now,
            expires_at=now + dt.timedelta(days=days),
            token_hash=hash_token(token),
        )
        if notify:
            from lisa.reports.tasks import send_info_request

            transaction.on_commit(
                lambda: send_info_request.enqueue(request_id=request.pk, token=token)
            )
    return CreatedInfoRequest(request=request, token=token)


def info_request_for_token(token: str) -> InfoRequest:
    """Return the request a resident's link points to, or raise NotFound."""
    from lisa.errors import NotFound

    request = (
        InfoRequest.objects.select_related("report", "report__category")
        .filter(token_hash=hash_token(token or "-"))
        .first()
    )
    if request is None:
        raise NotFound("info_request_not_found", _("This link is not valid."))
    return request


def info_request_answer(
    *, request: InfoRequest, answer: str, now: dt.datetime | None = None
) -> InfoRequest:
    """Store the resident's answer, once, while the link is valid; it joins the history."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise LisaError("answer_required", _("Please write your answer."), field="answer")
    if len(answer) > MAX_DESCRIPTION:
        raise LisaError(
            "answer_too_long",
            _("The answer is limited to %(max)s characters.") % {"max": MAX_DESCRIPTION},
            field="answer",
        )
    with transaction.atomic():
        locked = InfoRequest.objects.select_for_update().get(pk=request.pk)
        if locked.answered_at is not None:
            raise LisaError("already_answered", _("This question has already been answered."))
        if now > locked.expires_at:
            raise LisaError(
                "info_request_expired",
                _("This link has expired. Contact your LISA office to add information."),
            )
        locked.answer = answer
        locked.answered_at = now
        locked.save(update_fields=["answer", "answered_at"])
    return locked


def _works_for(user: User, organisation_id: int | None) -> bool:
    from lisa.accounts.models import Membership

    return (
        user.is_active
        and organisation_id is not None
        and Membership.objects.filter(
            user=user, organisation_id=organisation_id, is_active=True
        ).exists()
    )


def _names_of(obj: Any) -> dict[str, str]:
    return {language: getattr(obj, f"name_{language}") for language in ("fr", "nl", "en")}


def receipt_send(*, report: Report, by: User) -> int:
    """E-mail the receipt of a report (its reference, where it went, by when) to its resident.

    Return how many residents it goes to; each gets it in their language.
    """
    count = (
        Reporter.objects.filter(report=report, role=ReporterRole.REPORTER).exclude(email="").count()
    )
    if not count:
        raise LisaError(
            "no_email_for_receipt",
            _("The resident left no e-mail address: print the receipt instead."),
        )
    from lisa.reports.tasks import send_receipt

    transaction.on_commit(lambda: send_receipt.enqueue(report_id=report.pk))
    return count


def public_map_refresh(*, now: dt.datetime | None = None) -> int:
    """Rebuild the public map's cells (PublicMapCell) from public_reports(); return their number.

    Run every minute or so (`manage.py refresh_public_map`): the map reads the cells while
    they are younger than LISA_PUBLIC_MAP_MAX_AGE seconds, and the reports themselves
    otherwise. One INSERT … SELECT: no report leaves the database.
    """
    from django.db import connection

    from lisa.reports.models import PublicMapCell
    from lisa.reports.public_map import ROLLUP_COLUMNS, ROLLUP_ZOOMS, rollup_rows

    now = now or timezone.now()
    table = connection.ops.quote_name(PublicMapCell._meta.db_table)
    fields = {f.name: f.column for f in PublicMapCell._meta.concrete_fields if f.column}
    columns = ", ".join(connection.ops.quote_name(fields[name]) for name in ROLLUP_COLUMNS)
    count = 0
    with transaction.atomic():
        PublicMapCell.objects.all().delete()
        for zoom in ROLLUP_ZOOMS:
            select, params = rollup_rows(zoom=zoom, refreshed_at=now).query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
                count += cursor.rowcount
    return count


# --- The resident's answers once the report is resolved ---------------------------------

REOPEN_DAYS = 30
MAX_COMMENT = 2000
# Where a resident may say how satisfied they are: the problem is dealt with.
RATED_STATUSES = (Status.RESOLVED, Status.CLOSED)


def satisfaction_record(
    *,
    reporter: Reporter,
    score: int,
    comment: str = "",
    via: str = "page",
    now: dt.datetime | None = None,
) -> Satisfaction:
    """Record how satisfied a resident is with their resolved report, from 1 to 5.

    Answers are appended and the latest counts. The same answer given again (a link clicked
    twice, a form sent twice) adds nothing: the answer already recorded is returned.
    """
    now = now or timezone.now()
    comment = (comment or "").strip()
    if score not in range(1, 6):
        raise LisaError("invalid_score", _("Choose a score from 1 to 5."), field="score")
    if len(comment) > MAX_COMMENT:
        raise LisaError(
            "comment_too_long",
            _("A comment is limited to %(max)s characters.") % {"max": MAX_COMMENT},
            field="comment",
        )
    with transaction.atomic():
        # One answer at a time per report: two clicks at once cannot both be "the first".
        report = Report.objects.select_for_update().get(pk=reporter.report_id)
        if report.status not in RATED_STATUSES:
            raise LisaError(
                "not_resolved",
                _("You can say how satisfied you are once your report is resolved."),
            )
        latest = (
            Satisfaction.objects.filter(report=report, reporter=reporter)
            .order_by("-at", "-id")
            .first()
        )
        if (
            latest is not None
            and latest.score == score
            and (latest.comment == comment or (via == "link" and not comment))
        ):
            return latest
        return Satisfaction.objects.create(
            report=report,
            reporter=reporter,
            score=score,
            comment=comment,
            via=via,
            at=now,
        )


def reopen_request(
    *, reporter: Reporter, reason: str, now: dt.datetime | None = None
) -> ReopenRequest:
    """Record a resident's "not solved": the handling organisation is asked to reopen.

    Possible while the report is resolved, within REOPEN_DAYS of its resolution, once per
    resolution. The handler sees it on the report page and in the queue ("reopen asked").
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise LisaError(
            "reopen_reason_required",
            _("Please tell us what is still wrong."),
            field="reason",
        )
    if len(reason) > MAX_COMMENT:
        raise LisaError(
            "reopen_reason_too_long",
            _("The text is limited to %(max)s characters.") % {"max": MAX_COMMENT},
            field="reason",
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=reporter.report_id)
        if report.status != Status.RESOLVED:
            raise LisaError(
                "reopen_not_resolved",
                _("Only a resolved report can be reopened."),
            )
        resolved = (
            StatusChange.objects.filter(report=report, to_status=Status.RESOLVED)
            .order_by("-at", "-id")
            .values_list("at", flat=True)
            .first()
        )
        if resolved is None or now > resolved + dt.timedelta(days=REOPEN_DAYS):
            raise LisaError(
                "reopen_too_late",
                _(
                    "It is more than %(days)s days since your report was resolved. Call or "
                    "visit your LISA office, or report the problem again."
                )
                % {"days": REOPEN_DAYS},
            )
        if ReopenRequest.objects.filter(report=report, asked_at__gte=resolved).exists():
            raise LisaError(
                "reopen_already_asked",
                _("Reopening this report has already been asked since it was resolved."),
            )
        request = ReopenRequest.objects.create(
            report=report,
            reporter=reporter,
            reason=reason,
            asked_at=now,
            organisation=report.organisation,
        )
    return request


def _pending_reopen(request: ReopenRequest) -> ReopenRequest:
    locked = ReopenRequest.objects.select_for_update().get(pk=request.pk)
    if locked.decision != ReopenDecision.PENDING:
        raise LisaError(
            "reopen_already_decided",
            _("This request to reopen has already been answered."),
        )
    return locked


def reopen_accept(
    *,
    request: ReopenRequest,
    by: User,
    public_message: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Report:
    """Accept a resident's "not solved": the report is reopened, then taken up again.

    The residents are told, with the message written to them or a short default one in
    their language.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _pending_reopen(request)
        report = report_transition(
            report=locked.report,
            to_status=Status.REOPENED,
            by=by,
            reason=_("The resident says the problem is not solved."),
            now=now,
            notify=False,
            announce=notify,
        )
        report = report_transition(
            report=report,
            to_status=Status.IN_PROGRESS,
            by=by,
            public_message=(public_message or "").strip() or _default_reopen_message(report=report),
            now=now,
            notify=notify,
        )
        locked.decision = ReopenDecision.ACCEPTED
        locked.decided_by = by
        locked.decided_at = now
        locked.save(update_fields=["decision", "decided_by", "decided_at"])
    return report


def _default_reopen_message(*, report: Report) -> str:
    from django.utils import translation

    reporter = Reporter.objects.filter(report=report).order_by("id").first()
    with translation.override(reporter.language if reporter else report.language):
        return _(
            "You told us the problem is not solved: we have reopened your report and are "
            "working on it again."
        )


def reopen_decline(
    *,
    request: ReopenRequest,
    by: User,
    answer: str,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> ReopenRequest:
    """Decline a resident's "not solved", with the reason the resident is told."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    if not answer:
        raise LisaError(
            "decline_reason_required",
            _("Tell the resident why the report is not reopened."),
            field="answer",
        )
    if len(answer) > MAX_MESSAGE:
        raise LisaError(
            "decline_reason_too_long",
            _("A message is limited to %(max)s characters.") % {"max": MAX_MESSAGE},
            field="answer",
        )
    with transaction.atomic():
        locked = _pending_reopen(request)
        locked.decision = ReopenDecision.DECLINED
        locked.decided_by = by
        locked.decided_at = now
        locked.answer = answer
        locked.save(update_fields=["decision", "decided_by", "decided_at", "answer"])
        if notify:
            from lisa.reports.tasks import send_reopen_declined

            transaction.on_commit(lambda: send_reopen_declined.enqueue(request_id=locked.pk))
    return locked


# --- What residents say through another system (an Open311 client such as FixMyStreet) ------

MAX_LINK = 500
SOURCE_ID_LENGTH = 100


def clean_link(link: str) -> str:
    """Return a link to a resident's photo on another system's server, checked; "" for none.

    Only http and https, at most MAX_LINK characters. LISA never fetches it (any client could
    otherwise make this server call anywhere): staff open it themselves.
    """
    link = (link or "").strip()
    if not link:
        return ""
    if len(link) > MAX_LINK:
        raise LisaError(
            "link_too_long",
            _("A link is limited to %(max)s characters.") % {"max": MAX_LINK},
            field="media_url",
        )
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise LisaError(
            "invalid_link", _("The link must be an http or https address."), field="media_url"
        ) from None
    return link


def resident_update_record(
    *,
    report: Report,
    source: str,
    text: str = "",
    link: str = "",
    source_id: str = "",
    said_status: str = "",
    now: dt.datetime | None = None,
) -> Activity:
    """Record what a resident told another system about a report, for the staff handling it.

    `source` names the system (an API key's name), `source_id` its own id of the update: the
    same update sent again (an answer lost on the way) returns the record already made.
    `said_status` is the state the resident gave there ("fixed", "open"): it is told to staff
    and changes nothing. Nothing of it is public, and the resident's name or e-mail is not
    kept (the record cannot be edited, so it could not be anonymised).
    """
    now = now or timezone.now()
    text = (text or "").strip()
    link = clean_link(link)
    source_id = (source_id or "").strip()
    if not text and not link:
        raise LisaError("update_empty", _("Write the update or give a link."), field="description")
    if len(text) > MAX_DESCRIPTION:
        raise LisaError(
            "update_too_long",
            _("An update is limited to %(max)s characters.") % {"max": MAX_DESCRIPTION},
            field="description",
        )
    if len(source_id) > SOURCE_ID_LENGTH:
        raise LisaError(
            "update_id_too_long",
            _("An update's id is limited to %(max)s characters.") % {"max": SOURCE_ID_LENGTH},
            field="update_id",
        )
    with transaction.atomic():
        # One at a time per report: the same update sent twice at once is recorded once.
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if source_id:
            earlier = Activity.objects.filter(
                report=locked,
                kind=ActivityKind.RESIDENT_UPDATE,
                data__source=source,
                data__source_id=source_id,
            ).first()
            if earlier is not None:
                return earlier
        return Activity.objects.create(
            report=locked,
            kind=ActivityKind.RESIDENT_UPDATE,
            by=None,
            organisation=locked.organisation,
            at=now,
            data={
                "source": source[:200],
                "source_id": source_id,
                "text": text,
                "link": link,
                "said_status": (said_status or "").strip()[:40],
            },
        )


# A reason to see a resident's contact details: a sentence, kept in the audit log.
MIN_CONTACT_REASON = 10
MAX_CONTACT_REASON = 500


@dataclass(frozen=True)
class OpenedContact:
    reporters: list[Reporter]
    # The reason logged with each view: the one stated, or "handling the report".
    reason: str


def contact_details_open(
    *, report: Report, by: User, reason: str = "", request: HttpRequest | None = None
) -> OpenedContact:
    """Return the residents' contact details to who may see them, logging each view.

    The screens and the JSON API both open them here: who may, with or without a stated
    reason, is `contact_access`; each resident's details shown is one audit event.
    """
    from lisa.audit.actions import audit_log
    from lisa.audit.models import AuditAction
    from lisa.reports.selectors import ContactAccess, contact_access, reporters_of

    access = contact_access(by, report)
    if access == ContactAccess.NONE:
        raise NotFound("contact_not_found", _("There is no such page."))
    if access == ContactAccess.WITH_REASON:
        reason = (reason or "").strip()
        if len(reason) < MIN_CONTACT_REASON:
            raise LisaError(
                "reason_required",
                _("Say in a sentence why you need the contact details (10 characters or more)."),
                field="reason",
            )
        if len(reason) > MAX_CONTACT_REASON:
            raise LisaError(
                "reason_too_long",
                _("The reason is limited to %(max)s characters.") % {"max": MAX_CONTACT_REASON},
                field="reason",
            )
    else:
        reason = _("handling the report")
    reporters = list(reporters_of(report))
    with transaction.atomic():
        for reporter in reporters:
            audit_log(
                user=by,
                action=AuditAction.VIEW_PERSONAL_DATA,
                obj=reporter,
                reason=reason,
                request=request,
            )
    return OpenedContact(reporters=reporters, reason=reason)
