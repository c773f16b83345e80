"""The writes of webhooks: register one, queue the events it listens to, send them."""

from __future__ import annotations

import datetime as dt
import secrets
import time
import urllib.parse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.errors import LisaError
from lisa.lib import outgoing
from lisa.reports.outbound import Announcement, Event
from lisa.webhooks import payload, signing
from lisa.webhooks.models import Attempt, Delivery, DeliveryState, Webhook

# A delivery being sent is not picked again before this: the request's longest wait and more.
CLAIM = dt.timedelta(seconds=outgoing.TIMEOUT_SECONDS + 60)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def check_webhook(*, url: str, events: list[str]) -> None:
    """Refuse an address that is not http(s) and events LISA does not send."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LisaError(
            "invalid_webhook_url",
            _("The address must start with http:// or https://."),
            field="url",
        )
    if not events or set(events) - set(Event):
        raise LisaError(
            "invalid_webhook_events", _("Choose at least one of the events."), field="events"
        )


def webhook_create(
    *, organisation: Organisation, url: str, events: list[str], by: User | None
) -> tuple[Webhook, str]:
    """Register a webhook and return it with its secret, which is shown this once."""
    check_webhook(url=url, events=events)
    secret = new_secret()
    webhook = Webhook.objects.create(
        organisation=organisation,
        url=url,
        events=[event for event in Event if event in events],
        secret=secret,
        created_by=by,
    )
    return webhook, secret


def deliveries_queue(
    *, announcement: Announcement, now: dt.datetime | None = None
) -> list[Delivery]:
    """Queue the event for the webhooks of the organisation it concerns, and send it after commit.

    Nothing is queued when that organisation's staff may not see the report.
    """
    now = now or timezone.now()
    occurrence = payload.occurrence_of(announcement)
    if occurrence.organisation_id is None:
        return []
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(
            organisation_id=occurrence.organisation_id, is_active=True
        )
        if announcement.event in webhook.events
    ]
    if not webhooks:
        return []
    report = payload.report_for_organisation(occurrence.organisation_id, announcement.report_id)
    if report is None:
        return []
    deliveries = []
    with transaction.atomic():
        for webhook in webhooks:
            delivery = Delivery(
                webhook=webhook,
                event=announcement.event,
                report=report,
                created_at=now,
                next_attempt_at=now,
            )
            delivery.body = payload.body_of(
                occurrence=occurrence, report=report, event_id=delivery.event_id, at=now
            )
            delivery.save()
            deliveries.append(delivery)
        transaction.on_commit(lambda: _enqueue([delivery.pk for delivery in deliveries]))
    return deliveries


def _enqueue(delivery_ids: list[int]) -> None:
    from lisa.webhooks.tasks import deliver

    for delivery_id in delivery_ids:
        deliver.enqueue(delivery_id=delivery_id)


def headers_for(delivery: Delivery, *, timestamp: int) -> dict[str, str]:
    body = delivery.body.encode()
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "LISA-Webhooks/1",
        "X-LISA-Event": delivery.event,
        "X-LISA-Delivery": str(delivery.event_id),
        "X-LISA-Timestamp": str(timestamp),
        "X-LISA-Signature": signing.sign(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        ),
    }


def delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> Attempt | None:
    """Send a delivery that is due, log the attempt, and plan the next one if it failed.

    Returns None when the delivery is not due (sent, given up, planned later, its webhook
    switched off, or being sent by another process): claiming it first means two workers
    never send it at once.
    """
    now = now or timezone.now()
    # A webhook switched off keeps its deliveries for when it is switched on again.
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now,
        webhook__is_active=True,
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    # The timestamp says when the request leaves, whatever `now` plans with.
    answer = outgoing.send(
        url=delivery.webhook.url,
        body=delivery.body.encode(),
        headers=headers_for(delivery, timestamp=int(time.time())),
    )
    with transaction.atomic():
        attempt = Attempt.objects.create(
            delivery=delivery,
            at=now,
            status=answer.status,
            response=answer.body,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
        delivery.attempts += 1
        if answer.ok:
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = outgoing.next_attempt_at(attempts=delivery.attempts, now=now)
            if delivery.next_attempt_at is None:
                delivery.state = DeliveryState.GIVEN_UP
        delivery.save(update_fields=["attempts", "state", "delivered_at", "next_attempt_at"])
    return attempt


def deliveries_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every delivery whose next attempt is due; return how many were attempted."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        state=DeliveryState.PENDING, next_attempt_at__lte=now, webhook__is_active=True
    ).order_by("next_attempt_at", "id")
    return sum(
        delivery_attempt(delivery_id=delivery_id, now=now) is not None
        for delivery_id in list(due.values_list("pk", flat=True))
    )


def delivery_send_again(*, delivery: Delivery, now: dt.datetime | None = None) -> None:
    """Make a delivery due at once (even one delivered or given up) and send it after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.PENDING, next_attempt_at=now
        )
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
