"""Writes to reports. Every channel creates and moves reports through these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.errors import LisaError
from lisa.geo.locator import locate
from lisa.lib.workdays import add_working_days
from lisa.offices.models import Office
from lisa.reports.models import (
    Category,
    Channel,
    ReferenceCounter,
    Report,
    Reporter,
    ReporterRole,
    Status,
    StatusChange,
)
from lisa.reports.questions import clean_answers
from lisa.reports.routing import RoutingDecision, office_serving, route

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
) -> CreatedReport:
    """Locate, route and store a new report with its reporter and first history row.

    `now` backdates a report brought in from elsewhere (an import, the demo);
    `notify=False` then keeps its resident from being e-mailed today.
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
    local_today = timezone.localdate(now)
    follow_token = secrets.token_urlsafe(24) if reporter is not None else None

    with transaction.atomic():
        report = Report.objects.create(
            reference=_next_reference(year=local_today.year),
            category=category,
            description=description,
            attributes=answers,
            lat=lat,
            lon=lon,
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
            routing_reason=decision.as_reason(),
            deadline=add_working_days(
                local_today, category.deadline_days, settings.LISA_EXTRA_HOLIDAYS
            ),
            language=language,
            created_by=by,
            registered_at_office=registered_at_office,
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
                    lambda: send_acknowledgement.enqueue(reporter_id=created_reporter.id)
                )
        StatusChange.objects.create(
            report=report,
            from_status="",
            to_status=Status.NEW,
            organisation=decision.organisation,
            by=by,
            at=now,
        )
    return CreatedReport(report=report, decision=decision, follow_token=follow_token)


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
) -> Report:
    """Move a report to a new status, appending the change to its history."""
    now = now or timezone.now()
    if to_status not in Status.values:
        raise LisaError("invalid_status", _("Unknown status."), field="status")
    if to_status == Status.TRANSFERRED and to_organisation is None:
        raise LisaError(
            "organisation_required",
            _("Choose the organisation the report is transferred to."),
            field="organisation",
        )
    if to_status == Status.DUPLICATE and (duplicate_of is None or duplicate_of.pk == report.pk):
        raise LisaError(
            "duplicate_of_required",
            _("Choose the report this one duplicates."),
            field="duplicate_of",
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
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
        if to_status == Status.DUPLICATE:
            locked.duplicate_of = duplicate_of
        if to_status == Status.TRANSFERRED:
            locked.organisation = to_organisation
            locked.status = Status.NEW
            locked.deadline = add_working_days(
                timezone.localdate(now),
                locked.category.deadline_days,
                settings.LISA_EXTRA_HOLIDAYS,
            )
            history.append(
                StatusChange(
                    report=locked,
                    from_status=Status.TRANSFERRED,
                    to_status=Status.NEW,
                    organisation=to_organisation,
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
                "deadline",
                "status_changed_at",
                "updated_at",
            ]
        )
        StatusChange.objects.bulk_create(history)
    for name in ("status", "duplicate_of_id", "organisation_id", "deadline", "status_changed_at"):
        setattr(report, name, getattr(locked, name))
    return report


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


def _next_reference(*, year: int) -> str:
    """Return the next reference of the year; the counter row is locked until commit."""
    prefix = settings.LISA_REFERENCE_PREFIX
    counter, _created = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(pk=counter.pk)
    return format_reference(prefix=prefix, year=year, number=number)


def format_reference(*, prefix: str, year: int, number: int) -> str:
    """Return the human reference of a report, such as BXL-2026-000123."""
    return f"{prefix}-{year}-{number:06d}"
