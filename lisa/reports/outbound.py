"""What systems outside LISA are told when a report changes.

The actions announce four kinds of event; after the transaction commits, each consumer
listed in `CONSUMERS` (forwarding to another Open311 system, the organisations' webhooks)
decides for itself whether anyone outside listens, and queues its own background task.
A consumer is named by its dotted path so that this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils.module_loading import import_string


class Event(StrEnum):
    CREATED = "report.created"
    ROUTED = "report.routed"
    STATUS_CHANGED = "report.status_changed"
    PUBLIC_MESSAGE = "report.public_message"


@dataclass(frozen=True)
class Announcement:
    event: Event
    report_id: int
    # The organisation the report is routed to, for ROUTED and CREATED.
    organisation_id: int | None = None
    # The history row, for STATUS_CHANGED; the message, for PUBLIC_MESSAGE.
    change_id: int | None = None
    message_id: int | None = None


# Each is called with one Announcement, after commit, in the order listed.
CONSUMERS: tuple[str, ...] = (
    "lisa.forwarding.outbound.on_announcement",
    "lisa.webhooks.outbound.on_announcement",
)


def announce(announcement: Announcement) -> None:
    """Tell the consumers about the change once the transaction that made it commits."""
    if not CONSUMERS:
        return
    transaction.on_commit(lambda: _deliver(announcement))


def _deliver(announcement: Announcement) -> None:
    for path in CONSUMERS:
        import_string(path)(announcement)
