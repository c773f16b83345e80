"""Writes to events and registrations.

A registration locks its event's row (select_for_update on PostgreSQL; on SQLite every
transaction takes the write lock when it begins, see settings.DATABASES), counts the seats
taken and only then confirms or puts the person on the waiting list: two people who register
for the last seat at once are served one after the other, and only the first gets it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import User
from lisa.errors import LisaError, NotFound
from lisa.events.models import EVENT_LANGUAGES, Event, EventKind, Registration, RegistrationStatus
from lisa.events.selectors import check_event_staff
from lisa.events.tasks import (
    send_event_cancelled,
    send_registration_confirmation,
    send_registration_promoted,
)
from lisa.offices.models import Office
from lisa.reports.actions import hash_token

MAX_TITLE = 200
MAX_PLACE = 200
MAX_TEXT = 5000
MAX_NAME = 200


@dataclass(frozen=True)
class EventDetails:
    """What staff fill in about an event."""

    kind: str
    title: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    languages: Sequence[str]
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int | None = None
    is_public: bool = True


def _clean(details: EventDetails) -> dict[str, object]:
    """Return the event's fields from what staff gave, else raise LisaError on the field."""
    title = (details.title or "").strip()
    place = (details.place or "").strip()
    if details.kind not in EventKind.values:
        raise LisaError("invalid_kind", _("Choose the kind of event."), field="kind")
    if not title:
        raise LisaError("title_required", _("Give the event a title."), field="title")
    if len(title) > MAX_TITLE:
        raise LisaError(
            "title_too_long",
            _("A title is limited to %(max)s characters.") % {"max": MAX_TITLE},
            field="title",
        )
    if not place:
        raise LisaError("place_required", _("Say where the event takes place."), field="place")
    for moment in (details.starts_at, details.ends_at):
        if timezone.is_naive(moment):
            raise ValueError("event times are aware datetimes")
    if details.ends_at <= details.starts_at:
        raise LisaError(
            "ends_before_start", _("The event must end after it starts."), field="ends_at"
        )
    languages = [code for code in EVENT_LANGUAGES if code in set(details.languages)]
    if not languages or len(languages) != len(set(details.languages)):
        raise LisaError(
            "invalid_languages", _("Choose the language(s) of the event."), field="languages"
        )
    if details.capacity is not None and details.capacity < 1:
        raise LisaError(
            "invalid_capacity",
            _("The number of seats is at least 1; leave it empty when anyone can come."),
            field="capacity",
        )
    if (details.lat is None) != (details.lon is None) or (
        details.lat is not None
        and details.lon is not None
        and not (-90 <= details.lat <= 90 and -180 <= details.lon <= 180)
    ):
        raise LisaError("invalid_point", _("Give both a latitude and a longitude."), field="lat")
    return {
        "kind": details.kind,
        "title": title,
        "description": (details.description or "").strip()[:MAX_TEXT],
        "place": place[:MAX_PLACE],
        "lat": details.lat,
        "lon": details.lon,
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "capacity": details.capacity,
        "languages": languages,
        "is_public": details.is_public,
    }


def event_create(
    *, office: Office, details: EventDetails, by: User, now: dt.datetime | None = None
) -> Event:
    """Put an event on an office's calendar (its staff only)."""
    now = now or timezone.now()
    check_event_staff(by, office.pk)
    fields = _clean(details)
    with transaction.atomic():
        return Event.objects.create(
            office=office, created_by=by, created_at=now, updated_by=by, updated_at=now, **fields
        )


def event_update(
    *, event: Event, details: EventDetails, by: User, now: dt.datetime | None = None
) -> Event:
    """Change an event; more seats move people up from the waiting list, fewer than are
    taken are refused."""
    now = now or timezone.now()
    check_event_staff(by, event.office_id)
    fields = _clean(details)
    with transaction.atomic():
        event = _locked(event.pk)
        if event.is_cancelled:
            raise LisaError("event_cancelled", _("This event is cancelled."))
        taken = _seats_taken(event)
        capacity = fields["capacity"]
        if isinstance(capacity, int) and capacity < taken:
            raise LisaError(
                "capacity_below_registrations",
                _(
                    "%(count)s people already have a seat: the event cannot have fewer seats. "
                    "Cancel the event or keep at least %(count)s seats."
                )
                % {"count": taken},
                field="capacity",
            )
        for name, value in fields.items():
            setattr(event, name, value)
        event.updated_by = by
        event.updated_at = now
        event.save()
        _fill_free_seats(event, now=now)
    return event


def event_cancel(
    *, event: Event, by: User, reason: str = "", now: dt.datetime | None = None
) -> Event:
    """Cancel an event; everyone registered or waiting is told by e-mail."""
    now = now or timezone.now()
    check_event_staff(by, event.office_id)
    with transaction.atomic():
        event = _locked(event.pk)
        if event.is_cancelled:
            raise LisaError("event_cancelled", _("This event is already cancelled."))
        event.cancelled_at = now
        event.cancel_reason = (reason or "").strip()[:MAX_TEXT]
        event.updated_by = by
        event.updated_at = now
        event.save(update_fields=["cancelled_at", "cancel_reason", "updated_by", "updated_at"])
        told = list(
            event.registrations.exclude(status=RegistrationStatus.CANCELLED).values_list(
                "id", flat=True
            )
        )
        for registration_id in told:
            transaction.on_commit(
                partial(send_event_cancelled.enqueue, registration_id=registration_id)
            )
    return event


@dataclass(frozen=True)
class CreatedRegistration:
    registration: Registration
    # The token of the cancel link: given once, to the person's mailbox and page, never stored.
    cancel_token: str


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    language: str,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> CreatedRegistration:
    """Give a person a seat at the event, or a place on its waiting list when it is full.

    `notify=False` sends no confirmation (the demo's made-up registrants).
    """
    now = now or timezone.now()
    name = " ".join((name or "").split())
    email = (email or "").strip().lower()
    if not name:
        raise LisaError("name_required", _("Give your name."), field="name")
    if len(name) > MAX_NAME:
        raise LisaError(
            "name_too_long",
            _("A name is limited to %(max)s characters.") % {"max": MAX_NAME},
            field="name",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise LisaError("invalid_email", _("Give a valid e-mail address."), field="email") from None
    if language not in EVENT_LANGUAGES:
        language = EVENT_LANGUAGES[0]
    token = secrets.token_urlsafe(24)
    try:
        with transaction.atomic():
            event = _locked(event.pk)
            _check_open(event, now=now)
            if event.registrations.filter(
                email=email, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
            ).exists():
                raise _already_registered()
            full = event.capacity is not None and _seats_taken(event) >= event.capacity
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                language=language,
                status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                cancel_token_hash=hash_token(token),
                created_at=now,
            )
            if notify:
                transaction.on_commit(
                    lambda: send_registration_confirmation.enqueue(
                        registration_id=registration.pk, token=token
                    )
                )
    except IntegrityError:
        # The same address twice at once: the constraint keeps one.
        raise _already_registered() from None
    return CreatedRegistration(registration=registration, cancel_token=token)


def registration_for_token(token: str) -> Registration:
    """Return the registration of a cancel link, else raise NotFound."""
    registration = (
        Registration.objects.select_related("event", "event__office")
        .filter(cancel_token_hash=hash_token(token or "-"))
        .first()
    )
    if registration is None:
        raise NotFound("registration_not_found", _("This link does not lead to a registration."))
    return registration


def registration_cancel(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Cancel the registration of a cancel link; the first on the waiting list moves up."""
    return _cancel(registration_for_token(token), now=now or timezone.now())


def registration_withdraw(
    *, registration: Registration, by: User, now: dt.datetime | None = None
) -> Registration:
    """Cancel a registration for a resident who told the office (a call, a visit)."""
    check_event_staff(by, registration.event.office_id)
    return _cancel(registration, now=now or timezone.now())


def _cancel(found: Registration, *, now: dt.datetime) -> Registration:
    with transaction.atomic():
        event = _locked(found.event_id)
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise LisaError("already_cancelled", _("This registration is already cancelled."))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if not event.is_cancelled and event.ends_at > now:
            _fill_free_seats(event, now=now)
    registration.event = event
    return registration


def _locked(event_id: int) -> Event:
    """Return the event, its row locked until the transaction ends."""
    return Event.objects.select_for_update().select_related("office").get(pk=event_id)


def _seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _fill_free_seats(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Move people up from the waiting list, first come first served, into the free seats;
    each is told by e-mail. Call with the event locked."""
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "id"
    )
    if event.capacity is not None:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(
            partial(send_registration_promoted.enqueue, registration_id=registration.pk)
        )
    return promoted


def _check_open(event: Event, *, now: dt.datetime) -> None:
    if event.is_cancelled:
        raise LisaError("event_cancelled", _("This event is cancelled."))
    if not event.is_public:
        raise NotFound("event_not_found", _("There is no such event."))
    if event.starts_at <= now:
        raise LisaError("event_started", _("Registration is closed: the event has begun."))


def _already_registered() -> LisaError:
    return LisaError(
        "already_registered",
        _("This e-mail address is already registered for this event."),
        field="email",
    )
