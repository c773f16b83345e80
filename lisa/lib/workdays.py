"""Working days in Belgium: weekends, public holidays and an organisation's own days off.

A `Calendar` is Belgium's ten legal public holidays plus days off of its own:
some every year (as month and day: 8 May, Iris Day, for the Brussels regional
civil service), some once (a date). Counting is arithmetic on weeks, with the
holidays of each year counted apart, so that a span of decades costs no more
than a few hundred set lookups.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

MonthDay = tuple[int, int]

# Fête de l'Iris / Irisfeest: a day off for the Brussels regional public service only.
IRIS_DAY: MonthDay = (5, 8)


def easter_sunday(year: int) -> dt.date:
    """Return Easter Sunday of the Gregorian calendar (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=256)
def belgian_holidays(year: int) -> frozenset[dt.date]:
    """Return the ten legal public holidays of Belgium in a year."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {dt.date(year, month, day) for month, day in fixed}
    days |= {
        easter + dt.timedelta(days=1),  # Easter Monday
        easter + dt.timedelta(days=39),  # Ascension
        easter + dt.timedelta(days=50),  # Whit Monday
    }
    return frozenset(days)


def parse_month_days(values: Iterable[str]) -> frozenset[MonthDay]:
    """Return MM-DD strings as (month, day) pairs; raise ValueError naming a bad one.

    02-29 is accepted: it is a day off in leap years only.
    """
    pairs = set()
    for value in values:
        text = value.strip()
        try:
            month_text, day_text = text.split("-")
            pair = (int(month_text), int(day_text))
            dt.date(2000, *pair)  # a leap year, so that 02-29 is a day of the year
        except ValueError:
            raise ValueError(
                f"{text!r} is not a day of the year; write MM-DD, such as 05-08 for 8 May"
            ) from None
        pairs.add(pair)
    return frozenset(pairs)


@dataclass(frozen=True)
class Calendar:
    """The days off of an organisation besides weekends and Belgian public holidays."""

    yearly: frozenset[MonthDay] = frozenset()
    dates: frozenset[dt.date] = frozenset()
    _by_year: dict[int, frozenset[dt.date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _weekdays_off_by_year: dict[int, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def days_off(self, year: int) -> frozenset[dt.date]:
        """Return every day off in a year, weekends aside."""
        days = self._by_year.get(year)
        if days is None:
            leap = stdlib_calendar.isleap(year)
            days = belgian_holidays(year).union(
                {dt.date(year, m, d) for m, d in self.yearly if leap or (m, d) != (2, 29)},
                {day for day in self.dates if day.year == year},
            )
            self._by_year[year] = days
        return days

    def weekdays_off(self, year: int) -> list[int]:
        """Return the days off of a year that fall Monday to Friday, as sorted ordinals."""
        ordinals = self._weekdays_off_by_year.get(year)
        if ordinals is None:
            ordinals = sorted(day.toordinal() for day in self.days_off(year) if day.weekday() < 5)
            self._weekdays_off_by_year[year] = ordinals
        return ordinals

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.days_off(day.year)


BELGIUM = Calendar()


def is_working_day(day: dt.date, calendar: Calendar = BELGIUM) -> bool:
    return calendar.is_working_day(day)


def add_working_days(start: dt.date, days: int, calendar: Calendar = BELGIUM) -> dt.date:
    """Return the date `days` working days after `start` (start itself not counted)."""
    if days <= 0:
        return start
    # Count weekdays, then move on by as many weekdays as the days off took;
    # the count never overshoots, so this ends on a working day.
    end = _add_weekdays(start, days)
    missing = days - working_days_between(start, end, calendar)
    while missing > 0:
        end = _add_weekdays(end, missing)
        missing = days - working_days_between(start, end, calendar)
    return end


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar = BELGIUM) -> int:
    """Return the working days after `start` up to and including `end` (negative if before)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    first, last = start.toordinal(), end.toordinal()
    weekdays = _weekdays_up_to(last) - _weekdays_up_to(first)
    days_off = 0
    for year in range(start.year, end.year + 1):
        ordinals = calendar.weekdays_off(year)
        days_off += bisect_right(ordinals, last) - bisect_right(ordinals, first)
    return weekdays - days_off


def _weekdays_up_to(ordinal: int) -> int:
    """Return the Mondays to Fridays from 1 January of year 1 (a Monday) up to this day."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _add_weekdays(start: dt.date, count: int) -> dt.date:
    """Return the date `count` Mondays-to-Fridays after `start`."""
    # From a weekend day, the weekdays ahead are those after the Friday before.
    day = start - dt.timedelta(days=max(start.weekday() - 4, 0))
    weeks, rest = divmod(count, 5)
    day += dt.timedelta(weeks=weeks)
    while rest:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day
