"""The forwarding consumer of `lisa.reports.outbound`: a report routed to an organisation
with its own Open311 system is sent there."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lisa.forwarding.actions import forwarding_start
from lisa.forwarding.models import ExternalSystem
from lisa.lib.cache import StampedCache
from lisa.reports.models import Report
from lisa.reports.outbound import Announcement, Event


def _with_system() -> frozenset[int]:
    return frozenset(
        ExternalSystem.objects.filter(is_active=True).values_list("organisation_id", flat=True)
    )


# The organisations with an active system: most reports go to none, and are then passed by
# without a query. Other processes see a new system within LISA_CONFIG_RECHECK_SECONDS; this
# one at once (apps.py).
_cache: StampedCache[frozenset[int]] = StampedCache(
    _with_system, _with_system, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def invalidate_systems(**_kwargs: Any) -> None:
    _cache.invalidate()


def on_announcement(announcement: Announcement) -> None:
    """Start forwarding a report routed or transferred to an organisation with a system."""
    # Only routing: the status changes this app itself causes are never sent back (no loop).
    if announcement.event != Event.ROUTED or announcement.organisation_id is None:
        return
    if announcement.organisation_id not in _cache.get():
        return
    system = ExternalSystem.objects.filter(
        organisation_id=announcement.organisation_id, is_active=True
    ).first()
    if system is None:
        return
    report = (
        Report.objects.select_related("category", "category__parent")
        .filter(pk=announcement.report_id)
        .first()
    )
    if report is not None:
        forwarding_start(report=report, system=system)
