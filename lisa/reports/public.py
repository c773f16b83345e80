"""Reads for the public and for a resident who follows their report: the public selectors.

What anyone may see: reports of non-private categories, without personal data (no reporter,
no internal note, reason or file, no staff name). What a resident with a follow link sees of
their own report: its public history (status changes, messages to residents, questions asked
to them and their answers, the files staff made public). Every public page, the public map,
open data and Open311 read through these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.errors import NotFound
from lisa.reports.actions import REOPEN_DAYS, hash_token
from lisa.reports.links import is_signed, reporter_for_signed
from lisa.reports.models import (
    HIDDEN_STATUSES,
    OPEN_STATUSES,
    Attachment,
    InfoRequest,
    Message,
    ReopenDecision,
    ReopenRequest,
    Report,
    Reporter,
    Satisfaction,
    Status,
    StatusChange,
)


def public_reports() -> QuerySet[Report]:
    """Return the reports the public may see: non-private categories, the problems themselves.

    Private categories (neighbourhood disputes, people in need, noise) are never shown, not
    even counted; duplicates and rejected reports stand for no problem of their own.
    """
    return Report.objects.filter(is_public=True, category__is_private=False).exclude(
        status__in=HIDDEN_STATUSES
    )


def follower_for(token: str) -> Reporter:
    """Return the resident a follow link stands for (their row on the report), else NotFound.

    The link is the token given once after reporting, or the signed stand-in later e-mails
    carry (lisa/reports/links.py). A resident who joined another report (a duplicate) keeps
    their link: it points to the report they made, which says which report it joined.
    """
    reporter: Reporter | None
    if is_signed(token or ""):
        reporter = reporter_for_signed(token)
    else:
        digest = hash_token(token or "")
        reporter = (
            Reporter.objects.filter(follow_token_hash=digest)
            .exclude(follow_token_hash="")
            .select_related("report", "report__category", "report__category__parent")
            .order_by("id")
            .first()
        )
    if reporter is None:
        raise NotFound("follow_link_not_found", _("This follow link is not valid."))
    return reporter


def report_for_follower(token: str) -> Report:
    """Return the report a resident's follow link points to, else raise NotFound."""
    return follower_for(token).report


@dataclass(frozen=True)
class PublicEntry:
    """One line of a report's public history: what residents are told, and when."""

    at: dt.datetime
    kind: str  # status, message, question, answer, reopen_asked, reopen_declined
    status: str = ""
    text: str = ""
    organisation: Any = None  # the handling organisation's name, never a person's


def public_timeline(report: Report) -> list[PublicEntry]:
    """Return what a resident following the report sees of its history, oldest first.

    Staff are named by their organisation only; internal reasons and notes never appear.
    The transfer's inner step ("transferred", then "new" elsewhere) reads as one change.
    """
    return public_timelines([report.pk])[report.pk]


def public_timelines(report_ids: Iterable[int]) -> dict[int, list[PublicEntry]]:
    """Return public_timeline() of each report, by id, in four queries however many."""
    ids = list(report_ids)
    timelines: dict[int, list[PublicEntry]] = {pk: [] for pk in ids}
    changes = StatusChange.objects.filter(report_id__in=ids).select_related("organisation")
    for change in changes:
        if change.from_status == Status.TRANSFERRED:
            continue
        timelines[change.report_id].append(
            PublicEntry(
                at=change.at,
                kind="status",
                status=change.to_status,
                text=change.public_message,
                organisation=change.organisation.name if change.organisation else None,
            )
        )
    for message in Message.objects.filter(report_id__in=ids).select_related("organisation"):
        timelines[message.report_id].append(
            PublicEntry(
                at=message.at,
                kind="message",
                text=message.body,
                organisation=message.organisation.name if message.organisation else None,
            )
        )
    for request in InfoRequest.objects.filter(report_id__in=ids).order_by("asked_at", "id"):
        entries = timelines[request.report_id]
        entries.append(PublicEntry(at=request.asked_at, kind="question", text=request.question))
        if request.answered_at is not None:
            entries.append(PublicEntry(at=request.answered_at, kind="answer", text=request.answer))
    reopens = ReopenRequest.objects.filter(report_id__in=ids).select_related("organisation")
    for reopen in reopens:
        entries = timelines[reopen.report_id]
        entries.append(PublicEntry(at=reopen.asked_at, kind="reopen_asked", text=reopen.reason))
        if reopen.decision == ReopenDecision.DECLINED and reopen.decided_at is not None:
            entries.append(
                PublicEntry(
                    at=reopen.decided_at,
                    kind="reopen_declined",
                    text=reopen.answer,
                    organisation=reopen.organisation.name if reopen.organisation else None,
                )
            )
    for entries in timelines.values():
        entries.sort(key=lambda entry: entry.at)
    return timelines


def public_attachments(report: Report) -> QuerySet[Attachment]:
    """Return the files of a report that staff made public (checked for faces and plates)."""
    return Attachment.objects.filter(report=report, is_public=True).order_by("uploaded_at", "id")


# Similar reports shown before a resident files a new one: the same category, this close,
# still open or closed lately.
NEARBY_METRES = 50
RECENTLY_CLOSED_DAYS = 42
NEARBY_SHOWN = 5


@dataclass(frozen=True)
class NearbyReport:
    report: Report
    metres: int

    @property
    def can_support(self) -> bool:
        return self.report.status in OPEN_STATUSES


def similar_reports(
    *, category: Any, lat: float, lon: float, now: dt.datetime | None = None
) -> list[NearbyReport]:
    """Return the public reports of the category within NEARBY_METRES of the point, nearest
    first: open ones, and those closed in the last RECENTLY_CLOSED_DAYS.

    The index on (category, grid cell, status changed) finds them among the nine cells
    around the point; only those few are measured. A private category shows none.
    """
    from django.db.models import Q
    from django.utils import timezone

    from lisa.lib.geometry import cells_around, distance_metres

    if category.is_private:
        return []
    since = (now or timezone.now()) - dt.timedelta(days=RECENTLY_CLOSED_DAYS)
    candidates = (
        public_reports()
        .filter(category=category, grid_cell__in=cells_around(lat, lon))
        .filter(Q(status__in=OPEN_STATUSES) | Q(status_changed_at__gte=since))
        .select_related("category")
        .order_by()  # measured and sorted here: no sort in the database
        .only(
            "reference",
            "lat",
            "lon",
            "address",
            "status",
            "created_at",
            "category",
            "status_changed_at",
            "category__name_fr",
            "category__name_nl",
            "category__name_en",
        )[:200]
    )
    found = []
    for report in candidates:
        metres = distance_metres(lat, lon, report.lat, report.lon)
        if metres <= NEARBY_METRES:
            found.append(NearbyReport(report=report, metres=round(metres)))
    found.sort(key=lambda nearby: (nearby.metres, -nearby.report.created_at.timestamp()))
    return found[:NEARBY_SHOWN]


def open_questions(report: Report, *, now: dt.datetime | None = None) -> list[InfoRequest]:
    """Return the questions staff asked about the report that are still waiting for an answer."""
    now = now or timezone.now()
    return list(
        InfoRequest.objects.filter(report=report, answered_at__isnull=True, expires_at__gt=now)
    )


def latest_satisfaction(reporter: Reporter) -> Satisfaction | None:
    """Return the resident's latest answer about their report: the one that counts."""
    return (
        Satisfaction.objects.filter(report_id=reporter.report_id, reporter=reporter)
        .order_by("-at", "-id")
        .first()
    )


def resolved_at(report: Report) -> dt.datetime | None:
    """Return when the report was last resolved, if that is where it stands."""
    if report.status != Status.RESOLVED:
        return None
    return (
        StatusChange.objects.filter(report=report, to_status=Status.RESOLVED)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Reopening:
    """Whether the resident may still say "not solved", and what became of asking."""

    can_ask: bool
    until: dt.datetime | None  # the last moment to ask, while it can be asked
    too_late: bool  # resolved more than REOPEN_DAYS ago
    pending: ReopenRequest | None
    declined: ReopenRequest | None  # the latest answer "no", if it is the latest request


def reopening_for(report: Report, *, now: dt.datetime | None = None) -> Reopening:
    """Return where the report stands for the resident's "not solved" button."""
    now = now or timezone.now()
    latest = ReopenRequest.objects.filter(report=report).order_by("-asked_at", "-id").first()
    pending = latest if latest and latest.decision == ReopenDecision.PENDING else None
    resolved = resolved_at(report)
    if resolved is None:
        return Reopening(False, None, False, pending, None)
    until = resolved + dt.timedelta(days=REOPEN_DAYS)
    declined = (
        latest
        if latest and latest.decision == ReopenDecision.DECLINED and latest.asked_at >= resolved
        else None
    )
    within = now <= until
    return Reopening(
        can_ask=within and pending is None and declined is None,
        until=until if within else None,
        too_late=not within,
        pending=pending,
        declined=declined,
    )
