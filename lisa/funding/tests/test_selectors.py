"""Who sees what of the programme, and figures that add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lisa.errors import NotFound
from lisa.funding.actions import call_close, tranche_pay
from lisa.funding.selectors import (
    application_for,
    applications_visible_to,
    call_for,
    office_lifecycles,
    programme_overview,
    weighted_score,
)
from lisa.funding.tests.conftest import apply, make_call
from lisa.funding.tests.test_actions import DECIDED, award, score_all


@pytest.fixture
def programme(dave, gina, coco, fred, anderlecht_office, forest_office):
    """Two years: Anderlecht and Forest awarded in 2025, Anderlecht applying in 2026."""
    earlier = make_call(dave, year=2025, envelope="600000")
    for office, by in ((anderlecht_office, coco), (forest_office, fred)):
        apply(earlier, office, by)
    call_close(call=earlier, by=dave)
    grants = []
    for application in earlier.applications.all():
        score_all(application, dave, gina)
        grants.append(award(application, dave, amount="200000"))
    tranche_pay(
        tranche=grants[0].tranches.first(),
        amount=Decimal("120000"),
        paid_on=DECIDED + dt.timedelta(days=40),
        by=dave,
    )
    later = make_call(dave, year=2026, envelope="400000")
    apply(later, anderlecht_office, coco)
    return earlier, later


def test_the_regional_staff_see_the_whole_programme(programme, dave):
    overview = programme_overview(dave)
    assert overview.whole_programme
    assert [(r.financial_year, r.envelope, r.committed, r.paid) for r in overview.years] == [
        (2026, Decimal("400000"), Decimal("0"), Decimal("0")),
        (2025, Decimal("600000"), Decimal("400000"), Decimal("120000")),
    ]
    assert overview.years[1].remaining == Decimal("200000")
    assert overview.offices_supported == 2
    assert applications_visible_to(dave).count() == 3


def test_the_totals_are_the_sum_of_the_rows(programme, dave):
    overview = programme_overview(dave)
    assert overview.totals.envelope == sum(r.envelope for r in overview.years)
    assert overview.totals.committed == sum(r.committed for r in overview.calls)
    assert overview.totals.paid == sum(r.paid for r in overview.calls)
    assert overview.totals.applications == sum(r.applications for r in overview.calls) == 3


def test_a_coordinator_sees_their_municipality_only(programme, coco, fred):
    mine = applications_visible_to(coco)
    assert {a.office.code for a in mine} == {"test-vaillance"}
    assert mine.count() == 2
    overview = programme_overview(fred)
    assert not overview.whole_programme
    assert overview.totals.committed == Decimal("200000")
    assert overview.offices_supported == 1
    for application in mine:
        with pytest.raises(NotFound):
            application_for(fred, application.pk)


def test_others_see_nothing(programme, alice, carol):
    earlier, _later = programme
    for person in (alice, carol, None):
        assert not applications_visible_to(person).exists()
        overview = programme_overview(person)
        assert overview.calls == []
        assert overview.offices_supported == 0
        with pytest.raises(NotFound):
            call_for(person, earlier.pk)


def test_a_year_picks_its_calls(programme, dave):
    overview = programme_overview(dave, year=2025)
    assert [r.financial_year for r in overview.years] == [2025]
    assert overview.totals.committed == Decimal("400000")


def test_the_weighted_score_is_out_of_100(programme, dave):
    earlier, _later = programme
    application = earlier.applications.first()
    # 4/10 on a weight of 3 and 4/5 on a weight of 1: (3 * 0.4 + 1 * 0.8) / 4 = 50 %.
    assert weighted_score(application) == Decimal("50.0")


def test_an_office_is_awarded_before_its_premises(programme, dave):
    stages = {row.office.code: row.stage for row in office_lifecycles(dave)}
    assert stages == {"test-vaillance": "awarded", "test-marconi": "awarded"}
