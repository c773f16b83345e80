"""Opening hours: typed as "9:00–12:00, 13:30–16:30" per weekday, and open now or not.

Whether an office is open is told in Brussels time, whatever the server's or the
visitor's time zone, and an office is closed on the days off of its coordinating
organisation's calendar (Belgian public holidays, and the municipality's own).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from lisa.errors import LisaError
from lisa.lib.workdays import Calendar

BRUSSELS = ZoneInfo("Europe/Brussels")
Slot = tuple[dt.time, dt.time]
WeeklyHours = Mapping[int, list[Slot]]

# "9:00-12:00", "9h-12h30", "09.00 – 12.00": the dash may be a hyphen, an en dash or "to".
_SLOT = re.compile(
    r"^(?P<opens>\d{1,2}(?:[:h.]\d{2}|h)?)\s*(?:-|–|—|to|à|tot)\s*(?P<closes>\d{1,2}(?:[:h.]\d{2}|h)?)$"
)
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:h.](?P<minute>\d{2})|h)?$")


def weekday_name(weekday: int) -> str:
    """Return the weekday's name in the active language ("mardi", "dinsdag", "Tuesday")."""
    # 2024-01-01 was a Monday.
    return date_format(dt.date(2024, 1, 1 + weekday), "l")


def parse_slots(text: str, *, weekday: int) -> list[Slot]:
    """Return the slots of "9:00–12:00, 13:30–16:30" in order; raise LisaError if unclear.

    An empty text is a day when the office is closed.
    """
    slots = []
    for part in re.split(r"[,;/]|\s+(?:and|et|en)\s+", text or ""):
        part = part.strip()
        if not part:
            continue
        found = _SLOT.match(part)
        opens = _parse_time(found["opens"]) if found else None
        closes = _parse_time(found["closes"]) if found else None
        if opens is None or closes is None:
            raise LisaError(
                "invalid_hours",
                _("%(day)s: “%(text)s” is not a time slot; write it as 9:00–12:00.")
                % {"day": weekday_name(weekday).capitalize(), "text": part},
                field=f"hours_{weekday}",
            )
        if closes <= opens:
            raise LisaError(
                "invalid_hours",
                _("%(day)s: the slot %(text)s closes before it opens.")
                % {"day": weekday_name(weekday).capitalize(), "text": part},
                field=f"hours_{weekday}",
            )
        slots.append((opens, closes))
    slots.sort()
    for (_opens, closes), (next_opens, _closes) in itertools.pairwise(slots):
        if next_opens < closes:
            raise LisaError(
                "overlapping_hours",
                _("%(day)s: two slots overlap; write each time of the day once.")
                % {"day": weekday_name(weekday).capitalize()},
                field=f"hours_{weekday}",
            )
    return slots


def _parse_time(text: str) -> dt.time | None:
    found = _TIME.match(text.strip())
    if found is None:
        return None
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def format_time(time: dt.time) -> str:
    return f"{time.hour}:{time.minute:02d}"


def format_slots(slots: Iterable[Slot]) -> str:
    """Return slots as they are typed and read: "9:00–12:00, 13:30–16:30"."""
    return ", ".join(f"{format_time(opens)}–{format_time(closes)}" for opens, closes in slots)


@dataclass(frozen=True)
class OpenState:
    """Whether an office is open at a moment, and when it opens next if not."""

    is_open: bool
    today: list[Slot]
    is_day_off: bool = False
    closes_at: dt.time | None = None
    next_opening: dt.datetime | None = None
    now: dt.datetime | None = None

    @property
    def today_text(self) -> str:
        return format_slots(self.today)

    @property
    def text(self) -> str:
        """Return "Open now, until 12:00" or "Closed now, opens Tuesday at 9:00"."""
        if self.is_open and self.closes_at is not None:
            return _("Open now, until %(time)s") % {"time": format_time(self.closes_at)}
        if self.next_opening is None or self.now is None:
            return _("Closed now")
        when = self.next_opening
        days = (when.date() - self.now.date()).days
        time = format_time(when.time())
        if days == 0:
            return _("Closed now, opens today at %(time)s") % {"time": time}
        if days == 1:
            return _("Closed now, opens tomorrow at %(time)s") % {"time": time}
        if days < 7:
            return _("Closed now, opens %(day)s at %(time)s") % {
                "day": weekday_name(when.weekday()),
                "time": time,
            }
        return _("Closed now, opens on %(date)s at %(time)s") % {
            "date": date_format(when.date(), "l j F"),
            "time": time,
        }


def open_state(
    hours: WeeklyHours, *, calendar: Calendar, now: dt.datetime | None = None
) -> OpenState:
    """Return whether an office with these weekly hours is open at `now`, in Brussels."""
    now = timezone.localtime(now or timezone.now(), BRUSSELS)
    today = now.date()
    day_off = today in calendar.days_off(today.year)
    today_slots = [] if day_off else sorted(hours.get(today.weekday(), []))
    clock = now.time().replace(tzinfo=None)
    for opens, closes in today_slots:
        if opens <= clock < closes:
            return OpenState(is_open=True, today=today_slots, closes_at=closes, now=now)
    return OpenState(
        is_open=False,
        today=today_slots,
        is_day_off=day_off,
        next_opening=_next_opening(hours, calendar=calendar, now=now),
        now=now,
    )


def _next_opening(
    hours: WeeklyHours, *, calendar: Calendar, now: dt.datetime
) -> dt.datetime | None:
    clock = now.time().replace(tzinfo=None)
    # Five weeks cover a week of holidays around Christmas and a week without hours.
    for ahead in range(36):
        day = now.date() + dt.timedelta(days=ahead)
        if day in calendar.days_off(day.year):
            continue
        for opens, _closes in sorted(hours.get(day.weekday(), [])):
            if ahead > 0 or opens > clock:
                return dt.datetime.combine(day, opens, tzinfo=BRUSSELS)
    return None
