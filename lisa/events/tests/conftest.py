"""An event at the Anderlecht test office, run by its staff (alice works at its desk)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lisa.accounts.models import User
from lisa.events.actions import EventDetails, event_create
from lisa.events.models import Event, EventKind
from lisa.offices.models import Office

BRUSSELS = dt.timezone(dt.timedelta(hours=1))  # November: winter time


def next_week_at(hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=7)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def details(**changes: object) -> EventDetails:
    values: dict[str, object] = {
        "kind": EventKind.THEMATIC_MEETING,
        "title": "Propreté du quartier : parlons-en",
        "place": "Salle polyvalente, place de la Vaillance 27, Anderlecht",
        "starts_at": next_week_at(18, 30),
        "ends_at": next_week_at(20),
        "languages": ["fr", "nl"],
        "capacity": 2,
        "description": "Une soirée d'échange avec les services de propreté.",
    }
    values.update(changes)
    return EventDetails(**values)  # type: ignore[arg-type]


@pytest.fixture
def small_event(alice: User, anderlecht_office: Office) -> Event:
    """Two places, next week in the evening."""
    return event_create(office=anderlecht_office, details=details(), by=alice)
