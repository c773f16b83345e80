"""When demo things happen: residents at any hour, staff in office hours on working days."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.utils import timezone

from lisa.lib.workdays import Calendar, is_working_day, parse_month_days

# The working day of the staff who handle reports, Brussels time.
STAFF_STARTS = dt.time(8, 30)
STAFF_STOPS = dt.time(17, 0)
YEAR = 365

Hours = Mapping[int, Sequence[tuple[dt.time, dt.time]]]  # weekday -> (opens, closes)


def staff_calendar() -> Calendar:
    """Return the days no demo staff member works: Belgian holidays, the configured days off,
    and Iris Day (8 May), when the regional bodies are closed, for everyone to keep it simple."""
    return Calendar(yearly=parse_month_days(settings.LISA_EXTRA_HOLIDAYS) | {(5, 8)})


class Clock:
    """Hand out moments for one demo run, never the same one twice."""

    def __init__(self, *, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.calendar = staff_calendar()
        self.used: set[dt.datetime] = set()

    def resident(self, *, evening: bool = False, within_days: int = YEAR) -> dt.datetime:
        """Return a moment of the past year (or `within_days`) when a resident reports: fewer
        at weekends; `evening` (noise) peaks at night and in summer."""
        today = timezone.localdate(self.now)
        while True:
            day = today - dt.timedelta(days=self.rng.randint(0, within_days - 1))
            weight = 0.45 if day.weekday() >= 5 else 1.0
            if evening and day.month in (5, 6, 7, 8, 9):
                weight *= 1.6
            if self.rng.random() >= weight / 1.6:
                continue
            hours = min(max(self.rng.gauss(21 if evening else 14, 3), 0), 23.999)
            moment = self._at(day, dt.timedelta(hours=hours))
            if moment < self.now:
                return self.unique(moment)

    def open_days(self, *, hours: Hours, opened_on: dt.date | None) -> list[dt.date]:
        """Return the days of the past year an office with these hours was open."""
        today = timezone.localdate(self.now)
        return [
            day
            for back in range(YEAR)
            if (day := today - dt.timedelta(days=back)).weekday() in hours
            and day not in self.calendar.days_off(day.year)
            and (opened_on is None or day >= opened_on)
        ]

    def at_office(self, *, hours: Hours, open_days: Sequence[dt.date]) -> dt.datetime:
        """Return a moment, on one of its open days, when the office was open to the public."""
        while True:
            day = self.rng.choice(open_days)
            opens, closes = self._pick_interval(hours[day.weekday()])
            moment = self._within(day, opens, closes)
            if moment < self.now:
                return self.unique(moment)

    def in_the_field(self) -> dt.datetime:
        """Return a moment of the past year when staff were at work."""
        start = self.now - dt.timedelta(days=self.rng.randint(1, YEAR - 1))
        return self.staff(after=start, working_days=self.rng.random())

    def staff(self, *, after: dt.datetime, working_days: float) -> dt.datetime:
        """Return when staff act on something that reached them at `after`, given that it
        takes them `working_days` of office time (8:30 to 17:00 on working days)."""
        left = working_days * (_minutes(STAFF_STOPS) - _minutes(STAFF_STARTS)) * 60
        current = timezone.localtime(after)
        while True:
            day = current.date()
            starts, stops = (
                timezone.make_aware(dt.datetime.combine(day, t))
                for t in (STAFF_STARTS, STAFF_STOPS)
            )
            if is_working_day(day, self.calendar) and current < stops:
                current = max(current, starts)
                available = (stops - current).total_seconds()
                # A second before closing at the latest, so that unique() stays inside.
                if left < available - 1:
                    return self.unique(current + dt.timedelta(seconds=left))
                left = max(left - available, 0)
            current = timezone.make_aware(
                dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
            )

    def _pick_interval(
        self, intervals: Iterable[tuple[dt.time, dt.time]]
    ) -> tuple[dt.time, dt.time]:
        intervals = list(intervals)
        lengths = [_minutes(closes) - _minutes(opens) for opens, closes in intervals]
        return self.rng.choices(intervals, weights=lengths)[0]

    def _within(self, day: dt.date, starts: dt.time, stops: dt.time) -> dt.datetime:
        """Return a random moment of `day` from `starts` to a second before `stops`."""
        span = (_minutes(stops) - _minutes(starts)) * 60 - 1
        return self._at(
            day, dt.timedelta(minutes=_minutes(starts), seconds=self.rng.uniform(0, span))
        )

    def _at(self, day: dt.date, since_midnight: dt.timedelta) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time()) + since_midnight
        return timezone.make_aware(local)

    def unique(self, moment: dt.datetime) -> dt.datetime:
        """Return the moment, or the first free microsecond after it, and take it."""
        while moment in self.used:
            moment += dt.timedelta(microseconds=1)
        self.used.add(moment)
        return moment


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute
