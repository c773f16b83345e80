"""Background work of forwarding: send one report, send what is due, read statuses back."""

from __future__ import annotations

import logging

from django_tasks import task

from lisa.errors import LisaError
from lisa.forwarding.actions import (
    forwarding_send,
    forwardings_send_due,
    statuses_read,
    systems_to_read,
)
from lisa.forwarding.models import Forwarding

logger = logging.getLogger(__name__)


@task()
def send_forwarding(*, forwarding_id: int) -> None:
    """Send one forwarded report if it is due (a failure schedules the next attempt)."""
    forwarding = Forwarding.objects.filter(pk=forwarding_id).first()
    if forwarding is not None:
        forwarding_send(forwarding=forwarding)


@task()
def send_due() -> int:
    """Send every forwarded report that is due (what `manage.py forward_due` does)."""
    return forwardings_send_due()


@task()
def read_statuses() -> int:
    """Read back the statuses of every system (what `manage.py forward_poll` does)."""
    changed = 0
    for system in systems_to_read():
        try:
            changed += statuses_read(system=system)
        except LisaError as error:
            # One system down does not keep the others from being read.
            logger.warning("forwarding: %s", error.message)
    return changed
