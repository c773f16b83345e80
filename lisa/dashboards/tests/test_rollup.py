"""The rollups give the dashboards the same figures as the reports themselves."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from lisa.accounts.models import Organisation
from lisa.dashboards.models import ReportRollup, RollupRefresh
from lisa.dashboards.rollup import MARGIN, duration_bucket, refresh
from lisa.dashboards.selectors import (
    Figures,
    Level,
    Period,
    dashboard_figures,
    dashboard_scopes_for,
)
from lisa.reports.actions import TRANSITIONS, satisfaction_record
from lisa.reports.models import Category, Channel, Report, Reporter, Status

from .conftest import BRUSSELS, make_report, move

pytestmark = pytest.mark.django_db

PERIOD = Period(first=dt.date(2026, 1, 1), last=dt.date(2026, 4, 1))
TODAY = dt.date(2026, 4, 20)


def _random_world(seed: int, by, count: int = 40) -> list[Report]:
    """Make reports at random places, categories, channels and languages, walked at random
    through their statuses, some answered about."""
    rng = random.Random(seed)
    categories = list(Category.objects.filter(parent__isnull=False).values_list("code", flat=True))
    destinations = list(
        Organisation.objects.filter(code__in=["anderlecht-public-works", "anderlecht-cleanliness"])
    )
    reports = []
    for _index in range(count):
        at = dt.datetime(2026, 1, 5, 8, tzinfo=BRUSSELS) + dt.timedelta(
            hours=rng.randrange(0, 24 * 100)
        )
        report = make_report(
            at=at,
            place=(rng.uniform(50.82, 50.87), rng.uniform(4.31, 4.40)),
            category=rng.choice(categories),
            channel=rng.choice([Channel.WEB, Channel.DESK, Channel.PHONE]),
            language=rng.choice(["fr", "nl"]),
        )
        for _step in range(rng.randrange(0, 5)):
            choices = sorted(TRANSITIONS[report.status] - {Status.DUPLICATE})
            if not choices:
                break
            status = rng.choice(choices)
            at += dt.timedelta(minutes=rng.randrange(30, 60 * 24 * 12))
            report = move(
                report,
                status,
                at=at,
                by=by,
                to_organisation=next(o for o in destinations if o.pk != report.organisation_id),
                reason="Pas pour nous.",
            )
            if status == Status.RESOLVED and rng.random() < 0.5:
                satisfaction_record(
                    reporter=Reporter.objects.get(report=report),
                    score=rng.randrange(1, 6),
                    now=at + dt.timedelta(hours=1),
                )
        reports.append(report)
    return reports


def _same(rolled: Figures, live: Figures) -> None:
    """Assert the two give the same figures, the percentiles to the rollup's bucket."""
    for name in ("median_days", "p90_days"):
        exact = getattr(live.resolution, name)
        expected = None if exact is None else duration_bucket(exact) / 24
        assert getattr(rolled.resolution, name) == pytest.approx(expected), name
    for name in (
        "reports",
        "resolved",
        "on_time",
        "late",
        "transferred_reports",
        "transfers",
        "reopened_reports",
    ):
        assert getattr(rolled.resolution, name) == getattr(live.resolution, name), name
    assert rolled.satisfaction_average == live.satisfaction_average
    assert rolled.by_neighbourhood == live.by_neighbourhood
    for rolled_table, live_table in zip(rolled.tables, live.tables, strict=True):
        if rolled_table.key == "summary":
            # The percentiles' rows (2 and 3) are compared above, to the bucket.
            assert [r for i, r in enumerate(rolled_table.rows) if i not in (2, 3)] == [
                r for i, r in enumerate(live_table.rows) if i not in (2, 3)
            ]
        elif rolled_table.key in ("categories", "desk-reports"):
            # Ties come in either order.
            assert sorted(map(repr, rolled_table.rows)) == sorted(map(repr, live_table.rows))
        else:
            assert rolled_table.rows == live_table.rows, rolled_table.key


def _compare_everywhere(user) -> int:
    compared = 0
    tops = [None, *Category.objects.filter(parent__isnull=True)]
    for scope in dashboard_scopes_for(user):
        for category in tops if scope.level == Level.REGION else [None]:
            live = dashboard_figures(user, scope, PERIOD, category, today=TODAY, live=True)
            rolled = dashboard_figures(user, scope, PERIOD, category, today=TODAY, live=False)
            _same(rolled, live)
            compared += live.resolution.reports
    return compared


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollups_give_the_live_figures_on_a_random_world(alice, dave, seed):
    _random_world(seed, alice)

    months = refresh(full=True)

    assert months == 4  # January to April
    assert ReportRollup.objects.exists()
    # Every report is counted once in the region, and again in its municipality and zone.
    assert _compare_everywhere(dave) >= 3 * 40


def test_a_report_changed_after_a_refresh_counts_after_the_next(alice, dave):
    _random_world(3, alice, count=20)
    made = dt.datetime(2026, 3, 3, 9, tzinfo=BRUSSELS)
    still_open = make_report(at=made)
    refresh()  # the first refresh builds every month
    region = dashboard_scopes_for(dave)[0]
    before = dashboard_figures(dave, region, PERIOD, today=TODAY)
    move(still_open, Status.IN_PROGRESS, at=made + dt.timedelta(days=1), by=alice)
    move(still_open, Status.RESOLVED, at=made + dt.timedelta(days=2), by=alice)
    new = make_report(at=dt.datetime(2026, 2, 10, 9, tzinfo=BRUSSELS))

    stale = dashboard_figures(dave, region, PERIOD, today=TODAY)
    months = refresh()

    assert stale.resolution.resolved == before.resolution.resolved
    assert months >= 1
    after = dashboard_figures(dave, region, PERIOD, today=TODAY)
    assert after.resolution.resolved == before.resolution.resolved + 1
    assert after.resolution.reports == before.resolution.reports + 1
    assert new.pk
    _compare_everywhere(dave)
    # Nothing changed since: the next refresh recomputes only the margin's months again.
    assert refresh() <= months


def test_a_category_moved_in_the_tree_rebuilds_every_month(alice, dave):
    reports = _random_world(4, alice, count=15)
    refresh()
    # As if the last run had started well after every change (beyond the margin).
    later = timezone.now() + MARGIN + dt.timedelta(minutes=1)
    RollupRefresh.objects.update(started_at=later)
    assert refresh(now=later + dt.timedelta(minutes=1)) == 0  # nothing changed since
    # A category some reports are in goes under another top category, after that run.
    moved = Category.objects.get(pk=reports[0].category_id)
    assert moved.parent_id is not None
    other_top = Category.objects.filter(parent__isnull=True).exclude(pk=moved.parent_id)[0]
    Category.objects.filter(pk=moved.pk).update(
        parent=other_top, updated_at=later + dt.timedelta(minutes=2)
    )

    months = refresh(now=later + dt.timedelta(minutes=3))

    assert months == len({r.month for r in ReportRollup.objects.all()}) > 0
    _compare_everywhere(dave)
