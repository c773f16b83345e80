import datetime as dt
import random
from zoneinfo import ZoneInfo

from lisa.demo.moments import STAFF_STARTS, STAFF_STOPS, Clock, staff_calendar
from lisa.lib.workdays import is_working_day

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def test_residents_report_in_the_past_and_never_at_the_same_moment():
    # Early on the morning clocks go forward: most of the day is still to come.
    now = at(2026, 3, 29, 4, 0)
    clock = Clock(rng=random.Random(7), now=now)

    moments = [clock.resident(evening=n % 5 == 0) for n in range(20_000)]

    assert max(moments) < now
    assert min(moments) > now - dt.timedelta(days=366)
    assert len(set(moments)) == len(moments)


def test_staff_act_in_office_hours_on_working_days_only():
    clock = Clock(rng=random.Random(7), now=at(2027, 1, 1, 12, 0))
    rng = random.Random(11)
    extra = staff_calendar()
    for _ in range(5_000):
        after = at(2026, 1, 1) + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))

        moment = clock.staff(after=after, working_days=rng.uniform(0, 12)).astimezone(BRUSSELS)

        assert moment >= after
        assert is_working_day(moment.date(), extra), moment
        assert STAFF_STARTS <= moment.time() < STAFF_STOPS, moment


def test_work_that_ends_at_closing_time_is_done_the_next_morning():
    clock = Clock(rng=random.Random(7), now=at(2027, 1, 1))
    half_a_second_before_closing = (8.5 * 3600 - 0.5) / (8.5 * 3600)

    moment = clock.staff(after=at(2026, 11, 4, 8, 30), working_days=half_a_second_before_closing)

    assert moment == at(2026, 11, 5, 8, 30)


def test_staff_time_counts_only_office_hours():
    clock = Clock(rng=random.Random(7), now=at(2027, 1, 1))
    two_hours = 2 / 8.5

    # Friday 15:30 plus two hours of work: Monday 9:00.
    assert clock.staff(after=at(2026, 11, 20, 15, 30), working_days=two_hours) == at(
        2026, 11, 23, 9, 0
    )
    # Reported on Saturday night before Easter Monday: Tuesday 10:30.
    assert clock.staff(after=at(2026, 4, 4, 23, 0), working_days=two_hours) == at(
        2026, 4, 7, 10, 30
    )
