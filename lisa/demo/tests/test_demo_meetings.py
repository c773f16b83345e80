"""The demo's partnership meetings: past ones with minutes and decisions, open items carried
to the coming one, written in office hours in the language of who ran the meeting."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lisa.accounts.models import User
from lisa.demo.moments import STAFF_STARTS, STAFF_STOPS, staff_calendar
from lisa.lib.workdays import is_working_day
from lisa.meetings.models import ActionItem, AgendaItem, AgendaKind, Meeting, MeetingStatus
from lisa.meetings.selectors import agenda_of

pytestmark = pytest.mark.django_db


def test_every_staffed_office_held_meetings_and_plans_the_next_with_its_open_items():
    out = io.StringIO()
    call_command("seed_demo", "--reports", "0", stdout=out)

    assert "meetings:" in out.getvalue()
    now = timezone.now()
    offices = set(Meeting.objects.values_list("office", flat=True))
    assert offices
    for office in offices:
        meetings = list(Meeting.objects.filter(office=office).order_by("starts_at"))
        assert [m.status for m in meetings] == [MeetingStatus.HELD] * 3 + [MeetingStatus.PLANNED]
        assert all(m.minutes for m in meetings[:3])
        assert meetings[-1].starts_at > now
        open_items = set(
            ActionItem.objects.filter(office=office, done_at=None).values_list("pk", flat=True)
        )
        carried = set(
            AgendaItem.objects.filter(
                meeting=meetings[-1], kind=AgendaKind.ACTION_ITEM
            ).values_list("action_item", flat=True)
        )
        assert carried == open_items
    items = ActionItem.objects.all()
    assert items.filter(done_at=None).exists()
    assert items.exclude(done_at=None).exists()

    days_off = staff_calendar()
    moments = [
        *Meeting.objects.values_list("created_at", flat=True),
        *Meeting.objects.filter(status=MeetingStatus.HELD).values_list("updated_at", flat=True),
        *items.values_list("created_at", flat=True),
        *items.exclude(done_at=None).values_list("done_at", flat=True),
    ]
    outside = [
        local
        for moment in moments
        if moment is None
        or moment > now
        or not is_working_day((local := timezone.localtime(moment)).date(), days_off)
        or not STAFF_STARTS <= local.time() <= STAFF_STOPS
    ]
    assert outside == []
    for meeting in Meeting.objects.select_related("created_by"):
        word = "Partnerschapsvergadering" if meeting.created_by.language == "nl" else "Réunion"
        assert meeting.title.startswith(word)

    call_command("seed_demo", "--reports", "0", stdout=io.StringIO())
    assert Meeting.objects.count() == len(offices) * 4


def test_the_anderlecht_coordinator_finds_open_action_items_on_the_coming_agenda():
    call_command("seed_demo", "--reports", "0", stdout=io.StringIO())
    marc = User.objects.get(username="coord.anderlecht")
    coming = Meeting.objects.get(office__code="anderlecht-vaillance", status=MeetingStatus.PLANNED)

    assert agenda_of(marc, coming).action_items
    client = Client()
    client.force_login(marc)
    page = client.get(f"/staff/meetings/{coming.pk}/").content.decode()
    assert "agenda-action-items" in page
