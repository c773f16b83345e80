"""Reads of forwarding, for the report page."""

from __future__ import annotations

from django.db.models import Prefetch

from lisa.accounts.models import User
from lisa.forwarding.models import Attempt, Forwarding
from lisa.reports.models import Report
from lisa.reports.selectors import report_access


def forwardings_of(user: User | None, report: Report) -> list[Forwarding]:
    """Return where the report was forwarded and every attempt, for staff working on it."""
    # The attempts hold the other system's answers, internal like a note: staff only.
    if not report_access(user, report).as_staff:
        return []
    return list(
        Forwarding.objects.filter(report=report)
        .select_related("system")
        .prefetch_related(Prefetch("attempts", queryset=Attempt.objects.order_by("at", "id")))
        .order_by("created_at", "id")
    )
