"""Writes of forwarding: a report sent on to another Open311 system, and its status read back.

The report itself changes only through `lisa.reports.actions.report_transition`: an
acknowledgement when the other system takes the report, a resolution when it closes it.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lisa.errors import LisaError
from lisa.forwarding.models import (
    Attempt,
    AttemptKind,
    ExternalSystem,
    Forwarding,
    ForwardingState,
    GiveUpReason,
    StatusSource,
)
from lisa.lib import outgoing
from lisa.reports.actions import TRANSITIONS, report_transition
from lisa.reports.models import Report, Reporter, ReporterRole, Status

# Statuses after which the other system's word changes nothing here.
FINAL_STATUSES = (Status.CLOSED, Status.REJECTED, Status.DUPLICATE, Status.TRANSFERRED)
# How the other system's words map onto LISA's: GeoReport v2 says open or closed;
# FixMyStreet-style updates say more.
CLOSED_WORDS = {"closed", "fixed", "resolved"}
WORKING_WORDS = {"in_progress", "investigating", "action_scheduled"}
# Ids asked for in one GET requests (a comma list in the address).
IDS_PER_READING = 50
# The updates of at most this many days are asked for at once (LISA's own server refuses more).
UPDATES_SPAN = dt.timedelta(days=90)
MAX_PUBLIC_MESSAGE = 3000
# An answer that a later try may change: the server was down, busy or slow.
RETRIED_STATUSES = {408, 425, 429}


def service_code_for(system: ExternalSystem, report: Report) -> str:
    """Return the other system's code for the report's category (or its parent's), or ""."""
    category = report.category
    codes = system.service_codes or {}
    code = codes.get(category.code, "")
    if not code and category.parent is not None:
        code = codes.get(category.parent.code, "")
    return str(code)


def forwarding_start(
    *, report: Report, system: ExternalSystem, now: dt.datetime | None = None
) -> Forwarding:
    """Record that the report goes to the system, and send it after commit (once per system)."""
    now = now or timezone.now()
    with transaction.atomic():
        existing = Forwarding.objects.filter(report=report, system=system).first()
        if existing is not None:
            return existing
        code = service_code_for(system, report)
        forwarding = Forwarding.objects.create(
            report=report,
            system=system,
            service_code=code,
            state=ForwardingState.WAITING if code else ForwardingState.NOT_SENT,
            next_attempt_at=now if code else None,
            created_at=now,
        )
        if code:
            transaction.on_commit(lambda: _enqueue_send(forwarding.pk, run_after=None))
    return forwarding


def forwarding_send(*, forwarding: Forwarding, now: dt.datetime | None = None) -> Forwarding:
    """Make the next call a forwarding waits for: POST the report, or ask for its number.

    Does nothing when nothing is due. The row stays locked during the call, so that a
    worker and the cron command never send the same report twice (on PostgreSQL).
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Forwarding.objects.select_for_update(of=("self",))
            .select_related("system", "report", "report__category", "report__category__parent")
            .get(pk=forwarding.pk)
        )
        due = locked.next_attempt_at is not None and locked.next_attempt_at <= now
        if locked.state == ForwardingState.WAITING and due:
            _post(locked, now=now)
        elif locked.state == ForwardingState.ACCEPTED and due:
            _ask_number(locked, now=now)
    return locked


def forwardings_send_due(*, now: dt.datetime | None = None) -> int:
    """Make every call that is due; return how many were made."""
    now = now or timezone.now()
    due = Forwarding.objects.filter(
        state__in=(ForwardingState.WAITING, ForwardingState.ACCEPTED), next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")
    made = 0
    for forwarding in due:
        before = forwarding.attempts.count()
        forwarding_send(forwarding=forwarding, now=now)
        made += forwarding.attempts.count() - before
    return made


def forwarding_retry(*, forwarding: Forwarding, now: dt.datetime | None = None) -> Forwarding:
    """Send a forwarding that was given up or not sent again now (the configuration changed)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Forwarding.objects.select_for_update(of=("self",))
            .select_related("system", "report__category__parent")
            .get(pk=forwarding.pk)
        )
        if locked.state not in (ForwardingState.GIVEN_UP, ForwardingState.NOT_SENT):
            raise LisaError(
                "not_given_up",
                _("Only a report that was given up or not sent can be sent again."),
            )
        code = service_code_for(locked.system, locked.report)
        if not code:
            raise LisaError(
                "no_service_code",
                _("The category %(category)s has no service code in %(system)s.")
                % {"category": locked.report.category.code, "system": locked.system.name},
            )
        locked.service_code = code
        locked.state = ForwardingState.WAITING
        locked.problem = ""
        locked.given_up_because = ""
        locked.failures = 0
        locked.next_attempt_at = now
        locked.save()
        transaction.on_commit(lambda: _enqueue_send(locked.pk, run_after=None))
    return locked


def _post(forwarding: Forwarding, *, now: dt.datetime) -> None:
    system = forwarding.system
    answer = outgoing.send(
        url=system.url("requests.json"),
        body=urllib.parse.urlencode(post_fields(forwarding)).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    _log(forwarding, AttemptKind.POST, answer, now=now)
    if answer.ok:
        found = _first(answer.body)
        external_id = str(found.get("service_request_id") or "")
        token = str(found.get("token") or "")
        if external_id:
            _received(forwarding, external_id=external_id, now=now)
        elif token:
            forwarding.token = token[:200]
            forwarding.state = ForwardingState.ACCEPTED
            forwarding.failures = 0
            forwarding.next_attempt_at = outgoing.next_attempt_at(attempts=1, now=now)
        else:
            # Sending again could file the same report twice: a person looks instead.
            _give_up(forwarding, GiveUpReason.NOT_UNDERSTOOD)
    elif answer.status is not None and 400 <= answer.status < 500:
        if answer.status in RETRIED_STATUSES:
            _failed(forwarding, now=now)
        else:
            _give_up(forwarding, GiveUpReason.REFUSED, _refusal(answer.body) or answer.error)
    else:
        _failed(forwarding, now=now)
    forwarding.save()


def _ask_number(forwarding: Forwarding, *, now: dt.datetime) -> None:
    system = forwarding.system
    query = {"jurisdiction_id": system.jurisdiction_id} if system.jurisdiction_id else {}
    url = system.url(f"tokens/{urllib.parse.quote(forwarding.token, safe='')}.json")
    answer = outgoing.send(
        url=url + ("?" + urllib.parse.urlencode(query) if query else ""),
        method="GET",
        headers={"Accept": "application/json"},
    )
    _log(forwarding, AttemptKind.TOKEN, answer, now=now)
    external_id = str(_first(answer.body).get("service_request_id") or "") if answer.ok else ""
    if external_id:
        _received(forwarding, external_id=external_id, now=now)
    else:
        # Not known yet (GeoReport v2: a 404 until the request is made) or not reachable.
        _failed(forwarding, now=now)
    forwarding.save()


def _received(forwarding: Forwarding, *, external_id: str, now: dt.datetime) -> None:
    forwarding.external_id = external_id[:200]
    forwarding.state = ForwardingState.SENT
    forwarding.next_attempt_at = None
    forwarding.problem = ""
    report = Report.objects.get(pk=forwarding.report_id)
    # The organisation's own system took the report: that is its acknowledgement.
    if report.status == Status.NEW and report.organisation_id == forwarding.system.organisation_id:
        report_transition(
            report=report,
            to_status=Status.ACKNOWLEDGED,
            by=None,
            reason=_said_by(forwarding),
            now=now,
        )


def _failed(forwarding: Forwarding, *, now: dt.datetime) -> None:
    forwarding.failures += 1
    forwarding.next_attempt_at = outgoing.next_attempt_at(attempts=forwarding.failures, now=now)
    if forwarding.next_attempt_at is None:
        _give_up(forwarding, GiveUpReason.NO_ANSWER)
    else:
        when = forwarding.next_attempt_at
        transaction.on_commit(lambda: _enqueue_send(forwarding.pk, run_after=when))


def _give_up(forwarding: Forwarding, because: str, problem: str = "") -> None:
    forwarding.state = ForwardingState.GIVEN_UP
    forwarding.given_up_because = because
    forwarding.next_attempt_at = None
    forwarding.problem = problem[:500]


def _log(forwarding: Forwarding, kind: str, answer: outgoing.Answer, *, now: dt.datetime) -> None:
    Attempt.objects.create(
        forwarding=forwarding,
        kind=kind,
        at=now,
        http_status=answer.status,
        answer=answer.body,
        error=answer.error,
        duration_ms=answer.duration_ms,
    )


def _enqueue_send(forwarding_id: int, *, run_after: dt.datetime | None) -> None:
    from lisa.forwarding.tasks import send_forwarding

    if run_after is None:
        send_forwarding.enqueue(forwarding_id=forwarding_id)
    elif send_forwarding.get_backend().supports_defer:
        send_forwarding.using(run_after=run_after).enqueue(forwarding_id=forwarding_id)
    # Otherwise `manage.py forward_due` (cron) sends it when it is due.


def post_fields(forwarding: Forwarding) -> dict[str, str]:
    """Return what is POSTed to the other system: the problem, and the resident if they agreed."""
    system, report = forwarding.system, forwarding.report
    fields = {
        "service_code": forwarding.service_code,
        "lat": f"{report.lat:.6f}",
        "long": f"{report.lon:.6f}",
        "description": report.description,
    }
    if system.api_key:
        fields["api_key"] = system.api_key
    if system.jurisdiction_id:
        fields["jurisdiction_id"] = system.jurisdiction_id
    if report.address:
        fields["address_string"] = report.address
    for code, value in (report.attributes or {}).items():
        fields[f"attribute[{code}]"] = _attribute_value(value)
    reporter = (
        Reporter.objects.filter(report=report, role=ReporterRole.REPORTER, consents_to_contact=True)
        .order_by("id")
        .first()
    )
    # Only a resident who agreed to be contacted is named: the other system may call them.
    if reporter is not None:
        first, _space, last = reporter.name.strip().partition(" ")
        for name, value in (
            ("email", reporter.email),
            ("phone", reporter.phone),
            ("first_name", first),
            ("last_name", last),
        ):
            if value:
                fields[name] = value
    return fields


def _attribute_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def statuses_read(*, system: ExternalSystem, now: dt.datetime | None = None) -> int:
    """Read back what the other system says of the reports sent to it; return the changes made.

    Raise LisaError when the other system cannot be read (nothing is changed then).
    """
    now = now or timezone.now()
    if system.status_source == StatusSource.REQUESTS:
        return _read_requests(system, now=now)
    if system.status_source == StatusSource.UPDATES:
        return _read_updates(system, now=now)
    return 0


def _followed(system: ExternalSystem) -> Any:
    """The forwardings whose report the system still handles and may still change."""
    return (
        Forwarding.objects.filter(
            system=system,
            state=ForwardingState.SENT,
            report__organisation_id=system.organisation_id,
        )
        .exclude(report__status__in=FINAL_STATUSES)
        .select_related("report", "system")
        .order_by("id")
    )


def _read_requests(system: ExternalSystem, *, now: dt.datetime) -> int:
    forwardings = {f.external_id: f for f in _followed(system)}
    ids = list(forwardings)
    changed = 0
    for start in range(0, len(ids), IDS_PER_READING):
        query = {"service_request_id": ",".join(ids[start : start + IDS_PER_READING])}
        if system.jurisdiction_id:
            query["jurisdiction_id"] = system.jurisdiction_id
        for item in _get_list(system, "requests.json", query):
            forwarding = forwardings.get(str(item.get("service_request_id", "")))
            if forwarding is not None:
                changed += _apply_status(
                    forwarding,
                    status=str(item.get("status") or ""),
                    notes=str(item.get("status_notes") or ""),
                    now=now,
                )
    return changed


def _read_updates(system: ExternalSystem, *, now: dt.datetime) -> int:
    forwardings = {f.external_id: f for f in _followed(system)}
    if not forwardings:
        return 0
    start = system.updates_read_until or min(f.created_at for f in forwardings.values())
    start = max(start, now - UPDATES_SPAN)
    query = {
        "start_date": start.isoformat(timespec="seconds"),
        "end_date": now.isoformat(timespec="seconds"),
    }
    if system.jurisdiction_id:
        query["jurisdiction_id"] = system.jurisdiction_id
    if system.api_key:
        query["api_key"] = system.api_key
    items = _get_list(system, "servicerequestupdates.json", query)
    changed = 0
    for item in sorted(items, key=lambda item: str(item.get("updated_datetime") or "")):
        forwarding = forwardings.get(str(item.get("service_request_id", "")))
        if forwarding is not None:
            changed += _apply_status(
                forwarding,
                status=str(item.get("status") or ""),
                notes=str(item.get("description") or ""),
                now=now,
            )
    ExternalSystem.objects.filter(pk=system.pk).update(updates_read_until=now)
    system.updates_read_until = now
    return changed


def _get_list(system: ExternalSystem, path: str, query: dict[str, str]) -> list[dict[str, Any]]:
    answer = outgoing.send(
        url=system.url(path) + "?" + urllib.parse.urlencode(query),
        method="GET",
        headers={"Accept": "application/json"},
    )
    if not answer.ok:
        raise LisaError(
            "external_unreachable",
            _("%(system)s could not be read: %(problem)s")
            % {"system": system.name, "problem": answer.error or answer.status},
        )
    try:
        items = json.loads(answer.body)
    except ValueError:
        items = None
    if isinstance(items, dict):
        # Some servers wrap the list: {"service_requests": [...]}.
        items = next((value for value in items.values() if isinstance(value, list)), None)
    if not isinstance(items, list):
        raise LisaError(
            "external_not_understood",
            _("%(system)s answered something other than a list.") % {"system": system.name},
        )
    return [item for item in items if isinstance(item, dict)]


def _apply_status(forwarding: Forwarding, *, status: str, notes: str, now: dt.datetime) -> int:
    """Append what the other system says to the report's history, once per change there."""
    status = status.strip().lower()[:50]
    if not status or status == forwarding.external_status:
        return 0
    with transaction.atomic():
        Forwarding.objects.filter(pk=forwarding.pk).update(external_status=status)
        forwarding.external_status = status
        report = Report.objects.get(pk=forwarding.report_id)
        target = (
            Status.RESOLVED
            if status in CLOSED_WORDS
            else Status.IN_PROGRESS
            if status in WORKING_WORDS
            else None
        )
        if (
            target is None
            or report.organisation_id != forwarding.system.organisation_id
            or target not in TRANSITIONS[report.status]
        ):
            return 0
        report_transition(
            report=report,
            to_status=target,
            by=None,
            public_message=notes.strip()[:MAX_PUBLIC_MESSAGE],
            reason=_said_by(forwarding, status),
            now=now,
        )
    return 1


def _said_by(forwarding: Forwarding, status: str = "") -> str:
    # Kept in the history as written, as a reason typed by staff is: in the site's language,
    # naming who said it.
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(system)s (number %(id)s there): %(status)s") % {
            "system": forwarding.system.name,
            "id": forwarding.external_id or forwarding.token,
            "status": status or _("received"),
        }


def _first(body: str) -> dict[str, Any]:
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    if isinstance(parsed, dict):
        parsed = next((value for value in parsed.values() if isinstance(value, list)), [parsed])
    if isinstance(parsed, list) and parsed and isinstance(parsed[0], dict):
        return parsed[0]
    return {}


def _refusal(body: str) -> str:
    """Return the other server's own words for a refusal (its [{code, description}] list)."""
    found = _first(body)
    return str(found.get("description") or "")[:500]


def systems_to_read() -> Iterable[ExternalSystem]:
    return ExternalSystem.objects.exclude(status_source=StatusSource.NONE).order_by("pk")
