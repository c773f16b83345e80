"""The demo's funding programme tells the published facts, computed from its records."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from lisa.accounts.models import User
from lisa.funding.models import Application, Call, Expense, ExpenseStatus
from lisa.funding.selectors import Stage, office_lifecycles, programme_overview

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("seed_demo", "--reports", "0", stdout=out)
    return out.getvalue()


def test_it_tells_the_published_facts(seeded):
    overview = programme_overview(User.objects.get(username="analyst"))
    assert overview.offices_supported == 17
    assert overview.offices_operational == 14
    year_2023 = next(row for row in overview.years if row.financial_year == 2023)
    assert year_2023.committed == Decimal("2629000.00")
    assert [row.financial_year for row in overview.years] == list(range(2026, 2018, -1))


def test_its_totals_are_the_sum_of_its_rows(seeded):
    overview = programme_overview(User.objects.get(username="analyst"))
    for name in ("envelope", "committed", "paid", "applications", "awarded"):
        assert getattr(overview.totals, name) == sum(getattr(r, name) for r in overview.years)
    assert overview.totals.committed == sum(row.committed for row in overview.calls)
    assert all(row.paid <= row.committed <= row.envelope for row in overview.years)


def test_it_has_work_waiting_for_each_step(seeded):
    assert Call.objects.filter(financial_year=2026, status="closed").exists()
    waiting = Application.objects.filter(status__in=["submitted", "under_evaluation"])
    assert waiting.count() == 3
    assert Expense.objects.filter(status=ExpenseStatus.SUBMITTED).exists()
    assert all(call.name_fr.endswith("(démo)") for call in Call.objects.all())


def test_each_office_went_from_application_to_its_stage(seeded):
    lifecycles = office_lifecycles(User.objects.get(username="analyst"))
    stages = {row.office.code: row.stage for row in lifecycles}
    assert len(stages) == 17
    assert list(stages.values()).count(Stage.OPERATIONAL) == 14
    assert stages["saint-gilles-jacques-franck"] == Stage.AWARDED
    assert stages["demo-peterbos"] == Stage.PREMISES
    for row in lifecycles:
        steps = [row.applied_on, row.awarded_on, row.premises_on, row.operational_on]
        reached = [day for day in steps if day is not None]
        assert reached == sorted(reached), row.office.code


def test_a_coordinator_sees_their_municipality_only(seeded):
    overview = programme_overview(User.objects.get(username="coord.forest"))
    assert overview.offices_supported == 1
    assert overview.totals.committed == Decimal("355000") + Decimal("238000")
    assert not overview.whole_programme


def test_it_adds_the_programme_once(seeded):
    out = io.StringIO()
    call_command("seed_demo", "--reports", "0", stdout=out)
    assert "funding programme: none added" in out.getvalue()
    assert Call.objects.count() == 8
