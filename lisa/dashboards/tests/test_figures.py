"""The dashboards' figures, against a small March computed by hand (see conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from lisa.accounts.models import Role
from lisa.dashboards.rollup import refresh
from lisa.dashboards.selectors import (
    DashboardScope,
    Level,
    Period,
    dashboard_figures,
    dashboard_scope_for,
)
from lisa.errors import NotFound
from lisa.geo.models import AreaKind
from lisa.lib.percentiles import nearest_rank
from lisa.reports.models import Category
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import area

from .conftest import TODAY

pytestmark = pytest.mark.django_db

MARCH_ONLY = Period(first=dt.date(2026, 3, 1), last=dt.date(2026, 3, 1))


@pytest.fixture(params=["live", "rollup"])
def live(request, march) -> bool:
    """Read the figures from the reports, or from the rollups built after the March world."""
    if request.param == "rollup":
        refresh(full=True)
    return request.param == "live"


def test_it_takes_percentiles_by_nearest_rank():
    assert nearest_rank([10, 1, 3, 2, 4], 0.5) == 3
    assert nearest_rank([10, 1, 3, 2, 4], 0.9) == 10
    assert nearest_rank([1, 2, 3, 4], 0.5) == 2
    assert nearest_rank([7], 0.9) == 7
    assert nearest_rank([], 0.5) is None


def test_it_computes_the_office_figures_by_hand(alice, march, live):
    office = dashboard_scope_for(alice, Level.OFFICE, alice.memberships.get().office_id)

    figures = dashboard_figures(alice, office, MARCH_ONLY, today=TODAY, live=live)

    resolution = figures.resolution
    # Seven reports at the Vaillance; the one at the Grand-Place is in another catchment.
    assert resolution.reports == 7
    assert resolution.resolved == 5
    assert resolution.median_days == pytest.approx(3)
    assert resolution.p90_days == pytest.approx(10)
    # The deadline is 5 working days: the report resolved after 10 days missed it, and so
    # did the one still open on 31 March; the one made that day is not due yet.
    slow = march.resolved[4]
    assert slow.deadline is not None
    assert slow.deadline < dt.date(2026, 3, 16)
    assert all(r.deadline and r.deadline >= dt.date(2026, 3, 9) for r in march.resolved[:4])
    assert (resolution.on_time, resolution.late) == (4, 2)
    assert resolution.compliance == pytest.approx(4 / 6)
    assert resolution.transfers == 1
    assert resolution.transfer_rate == pytest.approx(1 / 7)
    # One of the five resolved reports was reopened.
    assert resolution.reopen_rate == pytest.approx(1 / 5)
    assert figures.satisfaction_average == pytest.approx(3)


def test_it_counts_by_category_month_neighbourhood_and_desk(alice, march, live):
    office = dashboard_scope_for(alice, Level.OFFICE, alice.memberships.get().office_id)
    period = Period(first=dt.date(2026, 2, 1), last=dt.date(2026, 4, 1))

    figures = dashboard_figures(alice, office, period, today=TODAY, live=live)

    dumping = Category.objects.get(code="dumping")
    assert figures.table("categories").rows == [[dumping.name, 7, 2]]
    assert figures.table("months").rows == [["2026-02", 0, 0], ["2026-03", 7, 2], ["2026-04", 0, 0]]
    wayez = area(AreaKind.NEIGHBOURHOOD, "58")
    assert figures.table("neighbourhoods").rows == [["58", wayez.name, 7]]
    assert figures.by_neighbourhood == {"58": 7}
    assert figures.table("desk-reports").rows == [[dumping.name, "NL", 1]]
    assert figures.table("satisfaction").rows == [[5, 0], [4, 1], [3, 0], [2, 1], [1, 0]]
    summary = [row[1] for row in figures.table("summary").rows]
    assert summary[:5] == [7, 5, 3.0, 10.0, 66.7]


def test_the_region_counts_every_place_and_the_category_filter_narrows(dave, march, live):
    region = dashboard_scope_for(dave, Level.REGION, None)

    everything = dashboard_figures(dave, region, MARCH_ONLY, today=TODAY, live=live)
    noise = dashboard_figures(
        dave, region, MARCH_ONLY, Category.objects.get(code="noise"), today=TODAY
    )

    assert everything.resolution.reports == 8
    # The Grand-Place report is open past its deadline too.
    assert everything.resolution.late == 3
    assert noise.resolution.reports == 0
    assert noise.table("categories").rows == []


def test_a_police_officer_reads_their_zone_only(bob, march, live):
    scopes = [(scope.level, scope.pk) for scope in _scopes(bob)]
    midi = area(AreaKind.POLICE_ZONE, "5341")

    assert (Level.ZONE, midi.pk) in scopes
    assert all(level != Level.REGION for level, _pk in scopes)
    assert all(pk == midi.pk for level, pk in scopes if level == Level.ZONE)
    with pytest.raises(NotFound):
        dashboard_scope_for(bob, Level.ZONE, area(AreaKind.POLICE_ZONE, "5339").pk)
    with pytest.raises(NotFound):
        dashboard_scope_for(bob, Level.REGION, None)
    zone = dashboard_figures(
        bob, DashboardScope(Level.ZONE, midi.pk, ""), MARCH_ONLY, today=TODAY, live=live
    )
    assert zone.resolution.reports == 7  # the Grand-Place is in zone 5339


def test_a_housing_company_agent_has_no_dashboard(carol, march):
    assert _scopes(carol) == []
    with pytest.raises(NotFound):
        dashboard_scope_for(carol, Level.REGION, None)
    with pytest.raises(NotFound):
        dashboard_figures(carol, DashboardScope(Level.REGION, None, ""), MARCH_ONLY)


def test_a_municipal_service_reads_its_municipality_and_a_desk_its_office(alice, dave):
    cleaner = UserFactory.create(username="cleaner")
    grant(cleaner, "anderlecht-cleanliness", Role.PARTNER_AGENT)
    anderlecht = area(AreaKind.MUNICIPALITY, "21001")

    assert [(s.level, s.pk) for s in _scopes(cleaner)] == [(Level.MUNICIPALITY, anderlecht.pk)]
    # Alice works at the desk for Anderlecht's prevention service: her office only.
    assert [(s.level, s.pk) for s in _scopes(alice)] == [
        (Level.OFFICE, alice.memberships.get().office_id)
    ]
    assert len(_scopes(dave)) > 19 + 6  # the region, every municipality, zone and office


def _scopes(user):
    from lisa.dashboards.selectors import dashboard_scopes_for

    return dashboard_scopes_for(user)
