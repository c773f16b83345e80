"""The webhooks' consumer of the reports' announcements (see lisa/reports/outbound.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lisa.lib.cache import StampedCache
from lisa.reports.outbound import Announcement
from lisa.webhooks.actions import deliveries_queue
from lisa.webhooks.models import Webhook


def _active() -> tuple[tuple[int, tuple[str, ...]], ...]:
    rows = Webhook.objects.filter(is_active=True).order_by("id")
    return tuple(
        (org, tuple(events)) for org, events in rows.values_list("organisation_id", "events")
    )


def _listening() -> dict[int, frozenset[str]]:
    found: dict[int, frozenset[str]] = {}
    for organisation_id, events in _active():
        found[organisation_id] = found.get(organisation_id, frozenset()) | frozenset(events)
    return found


# Which organisations listen to which events: most announcements reach no webhook, and are
# then dropped without a query. Other processes see a new webhook within
# LISA_CONFIG_RECHECK_SECONDS; this one at once (apps.py).
_cache: StampedCache[dict[int, frozenset[str]]] = StampedCache(
    _listening, _active, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def invalidate_listening(**_kwargs: Any) -> None:
    _cache.invalidate()


def on_announcement(announcement: Announcement) -> None:
    """Queue the event for the webhooks that listen to it."""
    listening = _cache.get()
    if not any(announcement.event in events for events in listening.values()):
        return
    concerned = announcement.organisation_id
    if concerned is not None and announcement.event not in listening.get(concerned, ()):
        return
    deliveries_queue(announcement=announcement)
