"""Working days in Belgium: weekends and public holidays are not counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache


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


@lru_cache(maxsize=64)
def belgian_holidays(year: int, extra: tuple[str, ...] = ()) -> frozenset[dt.date]:
    """Return the ten legal public holidays of Belgium, plus extra MM-DD days off."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {dt.date(year, month, day) for month, day in fixed}
    days |= {
        easter + dt.timedelta(days=1),  # Easter Monday
        easter + dt.timedelta(days=39),  # Ascension
        easter + dt.timedelta(days=50),  # Whit Monday
    }
    for month_day in extra:
        month, day = (int(part) for part in month_day.split("-"))
        days.add(dt.date(year, month, day))
    return frozenset(days)


def is_working_day(day: dt.date, extra: Iterable[str] = ()) -> bool:
    return day.weekday() < 5 and day not in belgian_holidays(day.year, tuple(extra))


def add_working_days(start: dt.date, days: int, extra: Iterable[str] = ()) -> dt.date:
    """Return the date `days` working days after `start` (start itself not counted)."""
    extra = tuple(extra)
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, extra):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date, extra: Iterable[str] = ()) -> int:
    """Return the working days after `start` up to and including `end` (negative if before)."""
    extra = tuple(extra)
    if end < start:
        return -working_days_between(end, start, extra)
    return sum(
        is_working_day(start + dt.timedelta(days=n), extra)
        for n in range(1, (end - start).days + 1)
    )
