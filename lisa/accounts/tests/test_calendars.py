import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.test import override_settings

from lisa.accounts.actions import ConfigurationError, organisations_load
from lisa.accounts.calendars import calendar_for, deadline_for
from lisa.accounts.models import HolidayCalendar, LocalHoliday, Organisation
from lisa.geo.models import AreaKind
from lisa.testing.personas import area, organisation

pytestmark = pytest.mark.django_db

THURSDAY_BEFORE_IRIS_DAY = dt.date(2026, 5, 7)
IRIS_DAY = dt.date(2026, 5, 8)  # a Friday
MONDAY_AFTER = dt.date(2026, 5, 11)


def next_working_day(code: str, start: dt.date) -> dt.date:
    return deadline_for(organisation=organisation(code), start=start, days=1)


@pytest.mark.parametrize(
    "code",
    [
        "bruxelles-proprete",
        "brussels-mobility",
        "parking-brussels",
        "brussels-environment",
        "safe-brussels",
        "slrb-bghm",
    ],
)
def test_iris_day_is_a_day_off_for_the_regional_bodies(code):
    assert next_working_day(code, THURSDAY_BEFORE_IRIS_DAY) == MONDAY_AFTER


@pytest.mark.parametrize(
    "code",
    [
        "police-5341",
        "anderlecht-cleanliness",
        "anderlecht-prevention",
        "anderlecht-cpas",
        "foyer-anderlechtois",
        "sibelga",
    ],
)
def test_iris_day_is_a_working_day_for_everyone_else(code):
    assert next_working_day(code, THURSDAY_BEFORE_IRIS_DAY) == IRIS_DAY


def test_a_report_with_no_organisation_counts_belgian_holidays_only():
    assert deadline_for(organisation=None, start=THURSDAY_BEFORE_IRIS_DAY, days=1) == IRIS_DAY


def test_a_municipalitys_own_days_off_count_for_its_services_cpas_and_prevention_only():
    LocalHoliday.objects.create(
        municipality=area(AreaKind.MUNICIPALITY, "21001"),
        day=dt.date(2020, 11, 2),
        every_year=True,
        name="Jour des défunts",
    )
    friday = dt.date(2026, 10, 30)  # then Sunday 1 November, Monday 2 November

    for code in ("anderlecht-cleanliness", "anderlecht-prevention", "anderlecht-cpas"):
        assert next_working_day(code, friday) == dt.date(2026, 11, 3), code
    for code in ("forest-cleanliness", "police-5341", "foyer-anderlechtois", "bruxelles-proprete"):
        assert next_working_day(code, friday) == dt.date(2026, 11, 2), code


def test_a_one_off_municipal_day_off_counts_in_its_year_only():
    LocalHoliday.objects.create(
        municipality=area(AreaKind.MUNICIPALITY, "21007"),
        day=dt.date(2026, 5, 15),  # the Friday after Ascension
        every_year=False,
    )

    assert next_working_day("forest-public-works", dt.date(2026, 5, 13)) == dt.date(2026, 5, 18)
    assert next_working_day("forest-public-works", dt.date(2027, 5, 13)) == dt.date(2027, 5, 14)


def test_an_administrator_can_give_an_organisation_another_calendar():
    police = organisation("police-5341")
    police.holiday_calendar = HolidayCalendar.REGIONAL
    police.save()

    assert next_working_day("police-5341", THURSDAY_BEFORE_IRIS_DAY) == MONDAY_AFTER


def test_the_calendars_cost_no_query_once_built(django_assert_num_queries):
    cleanliness = organisation("anderlecht-cleanliness")
    calendar_for(cleanliness)

    with django_assert_num_queries(0):
        for days in range(1, 30):
            deadline_for(organisation=cleanliness, start=THURSDAY_BEFORE_IRIS_DAY, days=days)


def test_extra_holidays_count_for_everyone_and_the_29th_of_february_breaks_no_year():
    with override_settings(LISA_EXTRA_HOLIDAYS=["02-29"]):
        for code in ("police-5341", "bruxelles-proprete", "anderlecht-cleanliness"):
            assert next_working_day(code, dt.date(2027, 2, 26)) == dt.date(2027, 3, 1)
            assert next_working_day(code, dt.date(2028, 2, 28)) == dt.date(2028, 3, 1)


def test_it_refuses_an_unknown_calendar_in_the_configuration():
    entry = {
        "code": "somewhere",
        "kind": "non_profit",
        "holiday_calendar": "lunar",
        "name": {"fr": "Quelque part", "nl": "Ergens"},
    }

    with pytest.raises(ConfigurationError, match="lunar"):
        organisations_load([entry])
    assert not Organisation.objects.filter(code="somewhere").exists()


def test_a_reload_keeps_a_calendar_chosen_in_the_admin():
    from django.core.management import call_command

    police = organisation("police-5341")
    police.holiday_calendar = HolidayCalendar.REGIONAL
    police.save()

    call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert organisation("police-5341").holiday_calendar == HolidayCalendar.REGIONAL
    assert organisation("sibelga").holiday_calendar == HolidayCalendar.BELGIAN


def test_it_warns_when_the_extra_holidays_still_give_everyone_iris_day():
    with override_settings(LISA_EXTRA_HOLIDAYS=["05-08"]):
        messages = checks.run_checks()

    assert "lisa.W001" in [message.id for message in messages]
    assert "lisa.W001" not in [message.id for message in checks.run_checks()]


@pytest.mark.parametrize(("value", "starts"), [("13-45", False), ("02-29,12-26", True)])
def test_it_checks_the_extra_holidays_at_start_up(value, starts):
    environment = {**os.environ, "DEBUG": "true", "LISA_EXTRA_HOLIDAYS": value}

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode == 0) is starts, result.stderr
    if not starts:
        assert "LISA_EXTRA_HOLIDAYS: '13-45' is not a day of the year" in result.stderr
