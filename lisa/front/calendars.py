"""iCalendar feeds of the public events: one per office and one for the region.

Calendar programs subscribe to these URLs; the times carry TZID=Europe/Brussels with its
VTIMEZONE, so that an event at 18:30 stays at 18:30 across the change to summer time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation

from lisa.events.models import Event
from lisa.events.selectors import public_events
from lisa.offices.models import Office, OfficeStatus

# Events stay in the feed a month after they ended, so that subscribed calendars keep them.
KEPT = dt.timedelta(days=30)
BRUSSELS = ZoneInfo("Europe/Brussels")


def office_calendar(request: HttpRequest, code: str) -> HttpResponse:
    office = get_object_or_404(Office.objects.exclude(status=OfficeStatus.CLOSED), code=code)
    return _feed(public_events(office=office, now=timezone.now() - KEPT), name=office.name_fr)


def region_calendar(request: HttpRequest) -> HttpResponse:
    return _feed(public_events(now=timezone.now() - KEPT), name="LISA")


def _feed(events: Iterable[Event], *, name: str) -> HttpResponse:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LISA//events//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://", 1)[-1]
    for event in events:
        calendar.add_component(_vevent(event, site=site, host=host))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


def _vevent(event: Event, *, site: str, host: str) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    item.add("last-modified", event.updated_at.astimezone(dt.UTC))
    item.add("dtstart", event.starts_at.astimezone(BRUSSELS))
    item.add("dtend", event.ends_at.astimezone(BRUSSELS))
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    item.add("location", event.place)
    if event.lat is not None and event.lon is not None:
        item.add("geo", (event.lat, event.lon))
    language = event.languages[0] if event.languages else settings.LANGUAGE_CODE
    with translation.override(language):
        item.add("url", site + reverse("event", args=[event.pk]))
    if event.office.email:
        item.add("organizer", f"mailto:{event.office.email}")
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return item
