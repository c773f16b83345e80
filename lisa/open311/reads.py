"""GET requests and GET requests/{service_request_id}: reports as GeoReport v2 service requests.

Everything is read through public_reports() and public_timelines() (lisa/reports/public.py):
private categories, duplicates and rejected reports never appear, nor does anything about the
resident who reported (no name, e-mail, phone, device or account), a staff member's name or
an internal note. A report is where the public map shows it: its street (no house number) and
a position rounded to about ten metres.

Parameters of the specification: `service_request_id` (a comma list, which overrides every
other parameter), `service_code` (a comma list), `start_date`, `end_date` (W3C datetimes;
by default the last 90 days, a span over 90 days is refused), `status` (`open`, `closed`, or
both as a comma list). At most 1,000 requests, newest first.

Statuses: new, acknowledged, in progress, waiting and reopened are `open`; resolved and closed
are `closed`. A report caught in the middle of a transfer (`transferred`) is still being
handled: `open`. Duplicates and rejected reports stand for no problem of their own and are
not listed at all (as on the public map).

Extensions (documented in the README): `page` (from 1) and `page_size` (at most 1,000), and
`extensions=true`, which adds each request's public history as `notes`: the status changes
and messages residents see, each with its `datetime`, `type` (status, message, question,
answer, reopen_asked, reopen_declined), `status` (open or closed), `lisa_status` (LISA's own:
acknowledged, in_progress…), `text` and `agency` (the handling organisation, never a person).

`media_url` is the address of the report's first public photo (lisa/open311/media.py), else
the link to a photo the client that sent the report gave (POST requests), else empty.
What stays empty: `address_id` and `zipcode` (LISA keeps neither) and `service_notice`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lisa.errors import LisaError
from lisa.geo.geocoder import Street, get_geocoder
from lisa.open311.formats import answer, errors
from lisa.open311.media import media_url, with_media
from lisa.open311.views import _cors, _jurisdiction_refused
from lisa.open311.writes import post_request
from lisa.reports.models import OPEN_STATUSES, Report, Status, StatusChange
from lisa.reports.public import PublicEntry, public_reports, public_timelines
from lisa.reports.public_map import POINT_DECIMALS

MAX_DAYS = 90
MAX_RESULTS = 1000

OPEN311_STATUSES: dict[str, tuple[str, ...]] = {
    "open": (*OPEN_STATUSES, Status.TRANSFERRED),
    "closed": (Status.RESOLVED, Status.CLOSED),
}


def open311_status(status: str) -> str:
    return "closed" if status in OPEN311_STATUSES["closed"] else "open"


class Refused(Exception):
    """A parameter the specification's 400 answers: the message says which and why."""


def w3c(moment: dt.datetime | None) -> str:
    """Return a moment as a W3C datetime with its offset, in Brussels time; "" for none."""
    if moment is None:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _moment(name: str, value: str, *, end: bool = False) -> dt.datetime:
    # A day alone (W3C allows it) is its first moment as a start, its last as an end.
    try:
        day = parse_date(value)
        moment = None if day else parse_datetime(value)
    except ValueError:  # well formed, but no such day or time (2026-02-30)
        day = moment = None
    if day is not None:
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    if moment is None:
        raise Refused(
            _("%(name)s is not a W3C datetime, such as 2026-11-26T09:30:00+01:00.") % {"name": name}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _positive(name: str, value: str, *, default: int, most: int) -> int:
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise Refused(
            _("%(name)s must be a whole number from 1 to %(most)s.") % {"name": name, "most": most}
        )
    return int(value)


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _with_columns(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Only what the answer shows, in one query whatever the number of rows."""
    latest_change = StatusChange.objects.filter(report=OuterRef("pk")).order_by("-at", "-id")
    return (
        with_media(reports.select_related("category", "organisation"))
        .annotate(status_notes=Subquery(latest_change.values("public_message")[:1]))
        .only(
            "reference",
            "status",
            "description",
            "lat",
            "lon",
            "deadline",
            "created_at",
            "status_changed_at",
            "category__code",
            "category__name_fr",
            "category__name_nl",
            "category__name_en",
            "organisation__name_fr",
            "organisation__name_nl",
            "organisation__name_en",
        )
    )


def window(params: Any, *, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Return the span start_date to end_date asks for: by default the last MAX_DAYS days,
    at most MAX_DAYS days; raise Refused."""
    now = now or timezone.now()
    start = _moment("start_date", params["start_date"]) if params.get("start_date") else None
    end = _moment("end_date", params["end_date"], end=True) if params.get("end_date") else None
    if end is None:
        end = start + dt.timedelta(days=MAX_DAYS) if start else now
    if start is None:
        start = end - dt.timedelta(days=MAX_DAYS)
    if end < start:
        raise Refused(_("end_date is before start_date."))
    if end - start > dt.timedelta(days=MAX_DAYS):
        raise Refused(
            _("From start_date to end_date is at most %(days)s days.") % {"days": MAX_DAYS}
        )
    return start, end


def pages(params: Any) -> tuple[int, int]:
    """Return the extensions `page` (from 1) and `page_size` (at most MAX_RESULTS); raise
    Refused."""
    page = _positive("page", params.get("page", ""), default=1, most=10**6)
    size = _positive(
        "page_size", params.get("page_size", ""), default=MAX_RESULTS, most=MAX_RESULTS
    )
    return page, size


def requested(params: Any, *, now: dt.datetime | None = None) -> QuerySet[Report]:
    """Return the public reports the GET parameters ask for, newest first; raise Refused."""
    reports = public_reports()
    ids = _codes(params.get("service_request_id", ""))
    if ids:
        return reports.filter(reference__in=ids[:MAX_RESULTS]).order_by("-created_at", "-id")
    codes = _codes(params.get("service_code", ""))
    if codes:
        reports = reports.filter(category__code__in=codes)
    start, end = window(params, now=now)
    reports = reports.filter(created_at__gte=start, created_at__lte=end)
    statuses = _codes(params.get("status", ""))
    if statuses:
        if not set(statuses) <= set(OPEN311_STATUSES):
            raise Refused(_("status is open, closed, or both separated by a comma."))
        reports = reports.filter(
            status__in=[s for name in statuses for s in OPEN311_STATUSES[name]]
        )
    return reports.order_by("-created_at", "-id")


def _expected(deadline: dt.date | None) -> str:
    # A deadline is a day: the request is expected by the end of it, in Brussels.
    if deadline is None:
        return ""
    return w3c(timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59, 59))))


def _notes(timeline: list[PublicEntry]) -> list[dict[str, Any]]:
    return [
        {
            "datetime": w3c(entry.at),
            "type": entry.kind,
            "status": open311_status(entry.status) if entry.status else "",
            "lisa_status": entry.status,
            "text": entry.text,
            "agency": entry.organisation or "",
        }
        for entry in timeline
    ]


def service_request(
    request: HttpRequest,
    report: Report,
    *,
    street: Street | None,
    timeline: list[PublicEntry] | None = None,
) -> dict[str, Any]:
    """Return one public report as a member of GET requests; its `notes` with a timeline.

    `street` is the street nearest to the report (`_streets`), `report` comes from
    `_with_columns`."""
    language = get_language() or "fr"
    body: dict[str, Any] = {
        "service_request_id": report.reference,
        "status": open311_status(report.status),
        "status_notes": getattr(report, "status_notes", "") or "",
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.organisation.name if report.organisation else "",
        "service_notice": "",
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.status_changed_at),
        "expected_datetime": _expected(report.deadline),
        "address": street.label(language) if street else "",
        "address_id": "",
        "zipcode": "",
        "lat": round(report.lat, POINT_DECIMALS),
        "long": round(report.lon, POINT_DECIMALS),
        "media_url": media_url(request, report),
    }
    if timeline is not None:
        body["notes"] = _notes(timeline)
    return body


def _wants_extensions(request: HttpRequest) -> bool:
    return request.GET.get("extensions", "").lower() == "true"


def requests_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET requests: the public reports the parameters ask for (see the module's docstring)."""
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return _cors(refused)
    try:
        page, size = pages(request.GET)
        reports = requested(request.GET)
    except Refused as refusal:
        return _cors(errors(400, str(refusal), fmt=fmt))
    rows = list(_with_columns(reports)[(page - 1) * size : page * size])
    return _cors(answer(_service_requests(request, rows), root="service_requests", fmt=fmt))


def _streets(rows: list[Report]) -> list[Street | None]:
    """Return the street nearest to each report, all in one pass of the geocoder."""
    try:
        return get_geocoder().reverse_many([(report.lat, report.lon) for report in rows])
    except LisaError:
        # A geocoder out of service leaves the addresses empty; the rest still answers.
        return [None] * len(rows)


def _service_requests(request: HttpRequest, rows: list[Report]) -> list[dict[str, Any]]:
    streets = _streets(rows)
    if not _wants_extensions(request):
        return [
            service_request(request, report, street=street)
            for report, street in zip(rows, streets, strict=True)
        ]
    # The public history of every row at once: a few queries, however many rows.
    timelines = public_timelines(report.pk for report in rows)
    return [
        service_request(request, report, street=street, timeline=timelines[report.pk])
        for report, street in zip(rows, streets, strict=True)
    ]


def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    """GET requests/{service_request_id}: one public report, as a list of one."""
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return _cors(refused)
    if request.method != "GET":
        return _cors(errors(405, _("Only GET is allowed here."), fmt=fmt))
    report = _with_columns(public_reports().filter(reference=service_request_id)).first()
    if report is None:
        return _cors(
            errors(
                404,
                _("There is no public request %(id)s.") % {"id": service_request_id[:40]},
                fmt=fmt,
            )
        )
    body = _service_requests(request, [report])
    return _cors(answer(body, root="service_requests", fmt=fmt))


@csrf_exempt
def requests_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    """requests.{fmt}: GET lists (here), POST creates (writes.post_request, with an API key)."""
    if request.method in ("GET", "HEAD"):
        return requests_list(request, fmt)
    if request.method == "POST":
        return post_request(request, fmt)
    return _cors(errors(405, _("Only GET and POST are allowed here."), fmt=fmt))
