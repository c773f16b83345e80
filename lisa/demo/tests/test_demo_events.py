"""The demo's coming events: plausible moments, some full with a waiting list, made-up people."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lisa.events.models import Event, EventKind, Registration
from lisa.events.selectors import seats_of, with_seats
from lisa.offices.models import Office, OfficeStatus

pytestmark = pytest.mark.django_db


def test_every_open_office_has_coming_events_some_full_with_a_waiting_list():
    out = io.StringIO()
    call_command("seed_demo", "--reports", "0", stdout=out)

    assert "events: 42 added" in out.getvalue()
    open_offices = Office.objects.filter(status=OfficeStatus.OPERATIONAL)
    assert set(Event.objects.values_list("office", flat=True)) == set(
        open_offices.values_list("id", flat=True)
    )
    now = timezone.now()
    events = list(with_seats(Event.objects.all()))
    for event in events:
        starts = timezone.localtime(event.starts_at)
        assert event.starts_at > now
        assert starts.weekday() < 5
        if event.kind == EventKind.THEMATIC_MEETING:
            assert starts.time() == dt.time(18, 30)  # resident meetings: after work
        else:
            assert dt.time(9) <= starts.time() <= dt.time(16)  # office hours
    full = [e for e in events if seats_of(e).is_full and seats_of(e).waiting]
    assert len(full) >= 5
    assert all(r.email.endswith("@example.org") for r in Registration.objects.all())

    call_command("seed_demo", "--reports", "0", stdout=io.StringIO())
    assert Event.objects.count() == 42
