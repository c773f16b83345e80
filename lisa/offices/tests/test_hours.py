"""Opening hours as typed by a coordinator, and "open now" told in Brussels time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lisa.errors import LisaError
from lisa.lib.workdays import Calendar
from lisa.offices.hours import format_slots, open_state, parse_slots

T = dt.time
BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.UTC
# Monday to Friday 9:00–12:00, and 13:30–16:30 except on Wednesday afternoon.
WEEK = {day: [(T(9), T(12)), (T(13, 30), T(16, 30))] for day in (0, 1, 3, 4)} | {2: [(T(9), T(12))]}
BELGIUM = Calendar()


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def at(year: int, month: int, day: int, hour: int, minute: int = 0, tz=BRUSSELS) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


def test_it_reads_several_slots_a_day_in_the_ways_people_type_them():
    assert parse_slots("9:00–12:00, 13:30-16:30", weekday=0) == [
        (T(9), T(12)),
        (T(13, 30), T(16, 30)),
    ]
    assert parse_slots("13h30 - 16h30 et 9h-12h", weekday=0) == [
        (T(9), T(12)),
        (T(13, 30), T(16, 30)),
    ]
    assert parse_slots("  ", weekday=6) == []
    assert format_slots(parse_slots("9.00-12.30", weekday=0)) == "9:00–12:30"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("9:00-25:00", "invalid_hours"),
        ("from nine to noon", "invalid_hours"),
        ("16:30-13:30", "invalid_hours"),
        ("9:00-12:00, 11:00-14:00", "overlapping_hours"),
    ],
)
def test_it_refuses_hours_that_say_nothing_clear_naming_the_day_in_the_users_language(typed, code):
    with translation.override("fr"), pytest.raises(LisaError) as refused:
        parse_slots(typed, weekday=1)

    assert refused.value.code == code
    assert refused.value.field == "hours_1"
    assert str(refused.value.message).startswith("Mardi")


def test_an_office_is_open_during_a_slot_and_says_until_when():
    state = open_state(WEEK, calendar=BELGIUM, now=at(2026, 11, 26, 10))  # a Thursday

    assert state.is_open
    assert state.text == "Open now, until 12:00"
    assert state.today_text == "9:00–12:00, 13:30–16:30"


def test_an_office_closed_over_lunch_opens_again_today():
    state = open_state(WEEK, calendar=BELGIUM, now=at(2026, 11, 26, 12, 15))

    assert not state.is_open
    assert state.text == "Closed now, opens today at 13:30"


def test_an_office_closed_on_friday_evening_opens_on_monday_named_in_the_page_language():
    friday_evening = at(2026, 11, 27, 17)

    assert open_state(WEEK, calendar=BELGIUM, now=friday_evening).text == (
        "Closed now, opens Monday at 9:00"
    )
    with translation.override("fr"):
        assert "lundi" in open_state(WEEK, calendar=BELGIUM, now=friday_evening).text
    with translation.override("nl"):
        assert "maandag" in open_state(WEEK, calendar=BELGIUM, now=friday_evening).text


def test_open_now_is_told_in_brussels_time_whatever_the_clock_of_the_server():
    # 8:30 UTC is 9:30 in Brussels in winter (UTC+1) and 10:30 in summer (UTC+2).
    winter = open_state(WEEK, calendar=BELGIUM, now=at(2026, 11, 26, 8, 30, tz=UTC))
    assert winter.is_open
    # 7:45 UTC on a summer Thursday is 9:45 in Brussels: open, though 7:45 is not.
    summer = open_state(WEEK, calendar=BELGIUM, now=at(2026, 7, 2, 7, 45, tz=UTC))
    assert summer.is_open
    # 15:45 UTC on a winter Thursday is 16:45 in Brussels: closed, though 15:45 is in a slot.
    late = open_state(WEEK, calendar=BELGIUM, now=at(2026, 11, 26, 15, 45, tz=UTC))
    assert not late.is_open
    assert late.text == "Closed now, opens tomorrow at 9:00"


def test_an_office_is_closed_on_a_public_holiday_and_opens_after_it():
    armistice = at(2026, 11, 11, 10)  # a Wednesday, a Belgian public holiday

    state = open_state(WEEK, calendar=BELGIUM, now=armistice)

    assert not state.is_open
    assert state.is_day_off
    assert state.today == []
    assert state.text == "Closed now, opens tomorrow at 9:00"


def test_christmas_on_a_friday_sends_the_resident_to_monday():
    state = open_state(WEEK, calendar=BELGIUM, now=at(2026, 12, 24, 17))  # Thursday evening

    assert state.text == "Closed now, opens Monday at 9:00"
    assert state.next_opening == at(2026, 12, 28, 9)


def test_a_municipal_day_off_closes_the_office_too():
    calendar = Calendar(dates=frozenset({dt.date(2026, 11, 26)}))

    state = open_state(WEEK, calendar=calendar, now=at(2026, 11, 26, 10))

    assert not state.is_open
    assert state.is_day_off
