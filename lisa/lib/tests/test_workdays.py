import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lisa.lib.workdays import (
    add_working_days,
    belgian_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))


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


def test_it_adds_extra_days_off():
    assert dt.date(2026, 5, 8) in belgian_holidays(2026, ("05-08",))
    assert not is_working_day(dt.date(2026, 5, 8), ["05-08"])


def test_it_skips_weekends_and_christmas():
    assert add_working_days(dt.date(2024, 12, 20), 5) == dt.date(2024, 12, 30)


@given(start=dates, days=st.integers(min_value=1, max_value=60))
def test_the_deadline_is_a_working_day_that_many_working_days_later(start, days):
    deadline = add_working_days(start, days)

    assert is_working_day(deadline)
    assert working_days_between(start, deadline) == days


@given(start=dates, end=dates)
def test_counting_backwards_is_the_opposite(start, end):
    assert working_days_between(start, end) == -working_days_between(end, start)
