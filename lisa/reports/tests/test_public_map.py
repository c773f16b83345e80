"""The public map's cells (PublicMapCell): the same answers as the reports, never more."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lisa.lib.map_grid import BBox
from lisa.reports.actions import public_map_refresh, report_create, report_transition
from lisa.reports.models import Category, Channel, PublicMapCell, Report, Status
from lisa.reports.public_map import map_features, map_filters, rollup_is_fresh
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

pytestmark = pytest.mark.django_db

REGION = BBox(4.24, 50.76, 4.49, 50.92)
PLACES = [
    VAILLANCE,
    GRAND_PLACE,
    (50.838741, 4.311688),  # rue Auber, Anderlecht
    (50.84105, 4.333065),  # avenue Clemenceau, Anderlecht
    (50.834503, 4.291842),  # rue De Coster, Anderlecht
    (50.8275, 4.3723),  # Ixelles
    (50.8671, 4.3747),  # Schaerbeek
]
CODES = ["dumping-bulky", "dumping-litter", "lighting-out", "tags-public"]


def report(code: str, at: tuple[float, float]) -> Report:
    return report_create(
        category=Category.objects.get(code=code),
        lat=at[0],
        lon=at[1],
        description="Demo: un problème sur la voie publique.",
        channel=Channel.WEB,
        notify=False,
    ).report


def features(**filters: str) -> dict[int, list[Any]]:
    """Return the answer at each zoom the cells serve, in an order that compares."""
    answers = {}
    for zoom in (10, 11, 12, 13, 14):
        answer = map_features(filters=map_filters(**filters), bbox=REGION, zoom=zoom, language="fr")
        answers[zoom] = sorted(
            (
                f["properties"]["count"],
                # sums added in another order may differ in the last digit
                round(f["geometry"]["coordinates"][0], 4),
                round(f["geometry"]["coordinates"][1], 4),
            )
            for f in answer.features
        )
    return answers


@pytest.fixture
def reports() -> list[Report]:
    made = [report(code, place) for place in PLACES for code in CODES]
    report_transition(report=made[0], to_status=Status.IN_PROGRESS, by=None, notify=False)
    report_transition(report=made[5], to_status=Status.REJECTED, by=None, notify=False)
    report("neighbourhood-dispute", GRAND_PLACE)
    return made


@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "open"}, {"category": "dumping"}, {"municipality": "21001"}],
)
def test_the_cells_give_the_answer_the_reports_give(reports, filters):
    from_reports = features(**filters)

    public_map_refresh()

    assert rollup_is_fresh()
    assert features(**filters) == from_reports


def test_the_cells_count_no_private_category_and_no_hidden_report(reports):
    public_map_refresh()

    assert not PublicMapCell.objects.filter(category__is_private=True).exists()
    assert sum(PublicMapCell.objects.filter(zoom=13).values_list("count", flat=True)) == 27


def test_a_category_made_private_after_the_refresh_is_gone_at_once(reports):
    public_map_refresh()
    Category.objects.filter(code__startswith="lighting").update(is_private=True)

    answer = map_features(filters=map_filters(), bbox=REGION, zoom=12, language="fr")

    assert answer.total == 27 - len(PLACES)


def test_old_cells_are_ignored_and_the_reports_counted_instead(reports, settings):
    public_map_refresh(
        now=timezone.now() - dt.timedelta(seconds=settings.LISA_PUBLIC_MAP_MAX_AGE + 1)
    )
    report("dumping-bulky", VAILLANCE)

    assert not rollup_is_fresh()
    answer = map_features(filters=map_filters(), bbox=REGION, zoom=12, language="fr")
    assert answer.total == 28


def test_a_refresh_replaces_the_cells(reports):
    first = public_map_refresh()
    second = public_map_refresh()

    assert first == second == PublicMapCell.objects.count()


def test_a_period_that_starts_before_the_first_report_is_read_from_the_cells(reports):
    report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Demo: un problème sur la voie publique.",
        channel=Channel.WEB,
        now=timezone.now() - dt.timedelta(days=10),
        notify=False,
    )
    public_map_refresh()
    PublicMapCell.objects.filter(zoom=13).update(count=1000)  # to tell where the answer came from
    before = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    today = timezone.localdate().isoformat()

    def total(since: str) -> int:
        return map_features(
            filters=map_filters(since=since), bbox=REGION, zoom=12, language="fr"
        ).total

    assert total(before) > 28  # the cells
    assert total(today) == 27  # the reports of today, not the one of ten days ago
