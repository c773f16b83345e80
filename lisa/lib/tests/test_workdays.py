import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lisa.lib.workdays import (
    IRIS_DAY,
    Calendar,
    add_working_days,
    belgian_holidays,
    easter_sunday,
    is_working_day,
    parse_month_days,
    working_days_between,
)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
calendars = st.builds(
    Calendar,
    yearly=st.frozensets(
        st.tuples(st.integers(1, 12), st.integers(1, 28)) | st.just((2, 29)), max_size=4
    ),
    dates=st.frozensets(dates, max_size=4),
)
REGIONAL = Calendar(yearly=frozenset({IRIS_DAY}))


def count_day_by_day(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    """The obvious count, as the reference for the arithmetic one."""
    sign = 1 if end >= start else -1
    low, high = min(start, end), max(start, end)
    return sign * sum(
        is_working_day(low + dt.timedelta(days=n), calendar)
        for n in range(1, (high - low).days + 1)
    )


def test_it_knows_easter():
    assert easter_sunday(2024) == dt.date(2024, 3, 31)
    assert easter_sunday(2025) == dt.date(2025, 4, 20)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)


def test_it_knows_the_ten_belgian_public_holidays_of_2026():
    assert sorted(belgian_holidays(2026)) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 6),  # Easter Monday
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 14),  # Ascension
        dt.date(2026, 5, 25),  # Whit Monday
        dt.date(2026, 7, 21),
        dt.date(2026, 8, 15),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 11),
        dt.date(2026, 12, 25),
    ]


def test_iris_day_is_a_day_off_in_the_regional_calendar_only():
    iris_day = dt.date(2026, 5, 8)  # a Friday

    assert is_working_day(iris_day)
    assert not is_working_day(iris_day, REGIONAL)
    assert add_working_days(dt.date(2026, 5, 7), 1) == iris_day
    assert add_working_days(dt.date(2026, 5, 7), 1, REGIONAL) == dt.date(2026, 5, 11)


def test_it_adds_one_off_days_off():
    bridge = Calendar(dates=frozenset({dt.date(2026, 5, 15)}))

    assert not is_working_day(dt.date(2026, 5, 15), bridge)
    assert is_working_day(dt.date(2027, 5, 14), bridge)


def test_the_29th_of_february_is_a_day_off_in_leap_years_and_breaks_no_other_year():
    leap_day = Calendar(yearly=parse_month_days(["02-29"]))

    assert not is_working_day(dt.date(2028, 2, 29), leap_day)
    assert add_working_days(dt.date(2027, 2, 26), 1, leap_day) == dt.date(2027, 3, 1)
    assert add_working_days(dt.date(2028, 2, 28), 1, leap_day) == dt.date(2028, 3, 1)


@pytest.mark.parametrize("value", ["13-45", "02-30", "5/8", "may-8", "05-08-2026", ""])
def test_it_refuses_a_day_that_is_not_a_day_of_the_year(value):
    with pytest.raises(ValueError, match="MM-DD"):
        parse_month_days([value])


def test_it_reads_days_of_the_year():
    assert parse_month_days([" 05-08", "11-2"]) == {(5, 8), (11, 2)}


def test_it_skips_weekends_and_christmas():
    assert add_working_days(dt.date(2024, 12, 20), 5) == dt.date(2024, 12, 30)


def test_it_starts_counting_from_a_weekend_on_the_monday():
    assert add_working_days(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)
    assert add_working_days(dt.date(2026, 3, 8), 5) == dt.date(2026, 3, 13)
    assert add_working_days(dt.date(2026, 3, 8), 0) == dt.date(2026, 3, 8)


@given(start=dates, days=st.integers(min_value=1, max_value=400), calendar=calendars)
def test_the_deadline_is_a_working_day_that_many_working_days_later(start, days, calendar):
    deadline = add_working_days(start, days, calendar)

    assert is_working_day(deadline, calendar)
    assert working_days_between(start, deadline, calendar) == days
    assert working_days_between(start, deadline - dt.timedelta(days=1), calendar) == days - 1


@given(start=dates, span=st.integers(min_value=-800, max_value=800), calendar=calendars)
def test_it_counts_as_a_day_by_day_count_would(start, span, calendar):
    end = start + dt.timedelta(days=span)

    assert working_days_between(start, end, calendar) == count_day_by_day(start, end, calendar)


@given(start=dates, end=dates, calendar=calendars)
def test_counting_backwards_is_the_opposite(start, end, calendar):
    assert working_days_between(start, end, calendar) == -working_days_between(end, start, calendar)


def test_it_counts_a_century_of_working_days():
    # 26,089 weekdays in 2000-2099, minus the public holidays that fell on one.
    weekday_holidays = sum(
        1 for year in range(2000, 2100) for day in belgian_holidays(year) if day.weekday() < 5
    )

    total = working_days_between(dt.date(1999, 12, 31), dt.date(2099, 12, 31))

    assert total == 26_089 - weekday_holidays
