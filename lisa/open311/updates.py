"""servicerequestupdates: FixMyStreet's extension of GeoReport v2, so that a FixMyStreet
installation can use LISA as its back end (mySociety's "Open311 extended").

GET servicerequestupdates.{xml,json} lists what residents are told about the public reports
(public_reports(): no private category, duplicate or rejected report): each status change
after the report was made, with its message to residents, and each public message, oldest
first. A public report later found to be a duplicate or rejected gets one last update, that
change, `closed` with `external_status_code` duplicate or rejected, so that the client that
made it closes it too. `start_date` and `end_date` bound the moment of the update (by
default the last 90 days, at most 90 days, as GET requests); `page` and `page_size` as GET
requests. Each `request_update` has `update_id` ("status-12", "message-34"),
`service_request_id`, `status` (open or closed), `updated_datetime`, `description`,
`media_url` (empty: staff photos are not tied to an update) and `external_status_code`,
LISA's own status, which FixMyStreet keeps for its response templates. `api_key` is not
needed to read.

POST servicerequestupdates.{xml,json} (a key with the "write" scope) brings a resident's
update from the client: `service_request_id` (the report, which must be public),
`description`, `media_url` (a link, kept and never fetched), `status` and the client's own id
of the update (`update_id_ext`, or `update_id`). It is recorded for the staff handling the
report (`resident_update_record`): it changes no status and is not public, so it never comes
back in GET. One exception: `status=OPEN` on a resolved report, from a resident of the report
(their `email` is that of its reporter or a supporter), asks to reopen it (`reopen_request`)
while that can still be asked. The same update sent again (the same client id) is recorded
once. The answer is the update's id in LISA ("comment-56"); a refusal is the specification's
list of errors (400, 403, 404, 429) and leaves nothing written. `updated_datetime`,
`first_name`, `last_name`, `title`, `public_anonymity_required` and `email_alerts_requested`
are not kept.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lisa.errors import LisaError
from lisa.open311.formats import answer, errors
from lisa.open311.reads import Refused, open311_status, pages, w3c, window
from lisa.open311.views import _cors, _jurisdiction_refused
from lisa.open311.writes import writer
from lisa.reports.actions import MAX_COMMENT, reopen_request, resident_update_record
from lisa.reports.models import HIDDEN_STATUSES, Activity, Message, Report, Status, StatusChange
from lisa.reports.public import public_reports, reopening_for
from lisa.reports.selectors import reporters_of

ROOT = "service_request_updates"
# A client's state is a word: FixMyStreet sends OPEN, CLOSED, FIXED, IN_PROGRESS, ….
_STATUS = re.compile(r"^[a-z][a-z_ -]{0,39}$")


def _keys(params: Any) -> list[tuple[dt.datetime, str, int]]:
    """Return the page's updates as (at, kind, pk), oldest first."""
    start, end = window(params)
    page, size = pages(params)
    reports = public_reports().values("pk")
    # A public report found to be a duplicate or no problem leaves the lists, but the client
    # that made it must hear that it is closed: its last change is the one update it gets.
    ended = Report.objects.filter(
        is_public=True, category__is_private=False, status__in=HIDDEN_STATUSES
    ).values("pk")
    changes = (
        StatusChange.objects.filter(at__gte=start, at__lte=end)
        .filter(Q(report__in=reports) | Q(report__in=ended, to_status__in=HIDDEN_STATUSES))
        # The report's first row is its creation, not an update; the transfer's inner step
        # ("new" elsewhere) reads as one change, as on the follow page.
        .exclude(from_status__in=["", Status.TRANSFERRED])
    )
    messages = Message.objects.filter(report__in=reports, at__gte=start, at__lte=end)
    # Each table read along its index on (at, id) up to the page's end, the two merged here:
    # one query over both (UNION) would sort the whole span first.
    stop = page * size
    return list(
        itertools.islice(
            heapq.merge(
                ((at, "message", pk) for pk, at in _in_time_order(messages, stop)),
                ((at, "status", pk) for pk, at in _in_time_order(changes, stop)),
            ),
            (page - 1) * size,
            stop,
        )
    )


def _in_time_order(rows: QuerySet[Any], stop: int) -> list[tuple[int, dt.datetime]]:
    return list(rows.order_by("at", "pk").values_list("pk", "at")[:stop])


def _status_then() -> Subquery:
    # A message's status is the report's when it was written.
    before = StatusChange.objects.filter(report=OuterRef("report"), at__lte=OuterRef("at"))
    return Subquery(before.order_by("-at", "-id").values("to_status")[:1])


def request_updates(params: Any) -> list[dict[str, Any]]:
    """Return GET servicerequestupdates' list (see the module's docstring); raise Refused."""
    keys = _keys(params)
    change_ids = [pk for _at, kind, pk in keys if kind == "status"]
    message_ids = [pk for _at, kind, pk in keys if kind == "message"]
    changes = StatusChange.objects.filter(pk__in=change_ids).select_related("report")
    messages = (
        Message.objects.filter(pk__in=message_ids)
        .select_related("report")
        .annotate(status_then=_status_then())
    )
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for change in changes:
        found[("status", change.pk)] = _update(
            change, status=change.to_status, text=change.public_message
        )
    for message in messages:
        found[("message", message.pk)] = _update(
            message, status=message.status_then, text=message.body
        )
    return [found[(kind, pk)] for _at, kind, pk in keys]


def _update(row: StatusChange | Message, *, status: str, text: str) -> dict[str, Any]:
    kind = "status" if isinstance(row, StatusChange) else "message"
    return {
        "update_id": f"{kind}-{row.pk}",
        "service_request_id": row.report.reference,
        "status": "closed" if status in HIDDEN_STATUSES else open311_status(status or ""),
        "updated_datetime": w3c(row.at),
        "description": text,
        "media_url": "",
        "external_status_code": status or "",
    }


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return _cors(refused)
    try:
        body = request_updates(request.GET)
    except Refused as refusal:
        return _cors(errors(400, str(refusal), fmt=fmt))
    return _cors(answer(body, root=ROOT, fmt=fmt))


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _record(request: HttpRequest, source: str) -> tuple[Activity, bool]:
    """Record the POSTed update; return it and whether it is new (not sent before)."""
    data = request.POST
    reference = data.get("service_request_id", "").strip()
    if not reference:
        raise _Refused(400, _("service_request_id is required."))
    report = public_reports().filter(reference=reference).first()
    if report is None:
        raise _Refused(404, _("There is no public request %(id)s.") % {"id": reference[:40]})
    status = data.get("status", "").strip().lower()
    if status and not _STATUS.match(status):
        raise _Refused(400, _("status is a word, such as OPEN or CLOSED."))
    text = data.get("description", "")
    now = timezone.now()
    with transaction.atomic():
        record = resident_update_record(
            report=report,
            source=source,
            text=text,
            link=data.get("media_url", ""),
            source_id=data.get("update_id_ext", "") or data.get("update_id", ""),
            said_status=status,
            now=now,
        )
        is_new = record.at == now
        if is_new and status == "open" and report.status == Status.RESOLVED:
            _ask_to_reopen(report, data.get("email", "").strip(), text.strip(), source)
    return record, is_new


def _ask_to_reopen(report: Report, email: str, text: str, source: str) -> None:
    # Only a resident of the report may say "not solved" for it, and only while it can be said.
    resident = reporters_of(report).filter(email__iexact=email).first() if email else None
    if resident is None or not reopening_for(report).can_ask:
        return
    reason = text[:MAX_COMMENT] or _("Not solved, says the resident through %(source)s.") % {
        "source": source
    }
    reopen_request(reporter=resident, reason=reason)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = writer(request, fmt)
    if isinstance(api_key, HttpResponse):
        return api_key
    try:
        record, is_new = _record(request, api_key.name)
    except _Refused as refusal:
        return errors(refusal.status, refusal.message, fmt=fmt)
    except LisaError as error:
        return errors(400, str(error.message), fmt=fmt)
    body = [{"update_id": f"comment-{record.pk}"}]
    return answer(body, root=ROOT, fmt=fmt, status=201 if is_new else 200)


@csrf_exempt
def updates_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    """servicerequestupdates.{fmt}: GET lists the public updates, POST brings a resident's."""
    if request.method in ("GET", "HEAD"):
        return _list(request, fmt)
    if request.method == "POST":
        return _post(request, fmt)
    return _cors(errors(405, _("Only GET and POST are allowed here."), fmt=fmt))
