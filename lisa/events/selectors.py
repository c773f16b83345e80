"""Reads of events: the public calendar, and for office staff their events and registrations.

Registrations are personal data: only the staff of the organising office see them, never the
public, never the analysts (who get counts elsewhere).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import User
from lisa.accounts.selectors import scope_for
from lisa.errors import LisaError, NotFound
from lisa.events.models import Event, Registration, RegistrationStatus
from lisa.offices.models import Office, OfficeStatus


def event_office_ids(user: User | None) -> frozenset[int]:
    """Return the offices whose events the person runs: those of their organisations."""
    return scope_for(user).partner_office_ids


def check_event_staff(user: User, office_id: int) -> None:
    """Refuse anyone who does not work at the office (a member of one of its organisations)."""
    if office_id not in event_office_ids(user):
        raise LisaError(
            "not_office_staff", _("Only the staff of the office can change its events.")
        )


def with_seats(events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate `taken` (confirmed registrations) and `waiting` on each event, in one query."""
    return events.annotate(
        taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )


def events_managed_by(user: User | None) -> QuerySet[Event]:
    """Return the events of the person's offices, seats counted."""
    return with_seats(
        Event.objects.filter(office_id__in=event_office_ids(user)).select_related("office")
    )


def event_for_staff(user: User | None, pk: int) -> Event:
    """Return an event of the person's offices, else raise NotFound (another's is absent)."""
    event = events_managed_by(user).filter(pk=pk).first()
    if event is None:
        raise NotFound("event_not_found", _("There is no such event."))
    return event


def registrations_of(user: User | None, event: Event) -> list[Registration]:
    """Return the registrations of one of the person's events, seats first then waiting."""
    if event.office_id not in event_office_ids(user):
        return []
    order = {RegistrationStatus.CONFIRMED: 0, RegistrationStatus.WAITING: 1}
    rows = list(event.registrations.order_by("created_at", "id"))
    return sorted(rows, key=lambda r: order.get(RegistrationStatus(r.status), 2))


# --- The public calendar ---------------------------------------------------------------


def public_events(
    *, office: Office | None = None, now: dt.datetime | None = None
) -> QuerySet[Event]:
    """Return the public events that have not ended, of open offices, soonest first.

    Cancelled ones stay listed (marked) until they would have ended: people who planned to
    come look for them.
    """
    now = now or timezone.now()
    events = Event.objects.filter(is_public=True, ends_at__gt=now).exclude(
        office__status=OfficeStatus.CLOSED
    )
    if office is not None:
        events = events.filter(office=office)
    return with_seats(events.select_related("office", "office__municipality")).order_by(
        "starts_at", "id"
    )


def public_event(pk: int) -> Event:
    """Return a public event (past ones too: a link in a mailbox still opens), else NotFound."""
    event = (
        with_seats(Event.objects.filter(is_public=True, pk=pk))
        .select_related("office", "office__municipality")
        .first()
    )
    if event is None:
        raise NotFound("event_not_found", _("There is no such event."))
    return event


def offices_with_public_events(now: dt.datetime | None = None) -> list[Office]:
    """Return the offices that have upcoming public events, for the calendar's filter."""
    ids = public_events(now=now).values("office_id")
    return list(Office.objects.filter(id__in=ids).order_by("name_fr"))


@dataclass(frozen=True)
class Seats:
    """How full an event is, as the public sees it."""

    capacity: int | None
    taken: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.left == 0


def seats_of(event: Event) -> Seats:
    """Return the seats of an event from its annotations (see with_seats)."""
    return Seats(
        capacity=event.capacity,
        taken=getattr(event, "taken", 0),
        waiting=getattr(event, "waiting", 0),
    )
