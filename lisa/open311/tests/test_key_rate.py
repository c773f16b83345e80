import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from lisa.open311.keys import api_key_create, key_over_limit, rate_limit
from lisa.open311.models import KeyUse

pytestmark = pytest.mark.django_db

MONDAY_NOON = 1_795_000_000  # 2026-11-18, a moment like any other


@pytest.fixture
def api_key():
    return api_key_create(name="Counted", scopes=["write"]).api_key


def test_it_reads_the_rates_people_write():
    assert rate_limit("600/m") == (600, 60)
    assert rate_limit("50/10s") == (50, 10)
    assert rate_limit(" 10000 / d ") == (10000, 86400)
    assert rate_limit("3/2h") == (3, 7200)
    for wrong in ("", "600", "600/minute", "x/m", "-1/m"):
        with pytest.raises(ImproperlyConfigured):
            rate_limit(wrong)


def test_a_key_gets_its_count_per_period_then_a_fresh_one(api_key, settings):
    settings.LISA_RATE_API_KEY = "3/m"
    request = RequestFactory().post("/")
    start = MONDAY_NOON - MONDAY_NOON % 60

    answers = [key_over_limit(request, api_key, now=start + second) for second in range(5)]
    assert answers == [False, False, False, True, True]
    # The next minute starts again, and the last one's counter goes.
    assert key_over_limit(request, api_key, now=start + 61) is False
    assert list(KeyUse.objects.values_list("window_start", "count")) == [(start + 60, 1)]


def test_each_key_has_its_own_count(api_key, settings):
    settings.LISA_RATE_API_KEY = "1/h"
    other = api_key_create(name="Other", scopes=["read"]).api_key
    request = RequestFactory().get("/")

    assert key_over_limit(request, api_key, now=MONDAY_NOON) is False
    assert key_over_limit(request, other, now=MONDAY_NOON) is False
    assert key_over_limit(request, api_key, now=MONDAY_NOON + 1) is True


def test_a_rate_that_cannot_be_read_stops_the_start(settings):
    settings.LISA_RATE_API_KEY = "lots"

    errors = [message for message in run_checks() if message.id == "lisa.E004"]

    assert errors
    assert "LISA_RATE_API_KEY" in errors[0].msg
