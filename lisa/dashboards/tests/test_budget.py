"""The budget execution table: the funding programme as far as the person sees it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from lisa.dashboards.selectors import Level, budget_execution, dashboard_scope_for
from lisa.funding.models import Payment
from lisa.funding.tests.conftest import (  # noqa: F401 - fixtures of the funding programme
    _files_in_tmp,
    coco,
    forest_office,
    fred,
    gina,
)
from lisa.funding.tests.test_selectors import programme  # noqa: F401 - the same fixture

pytestmark = pytest.mark.django_db


def test_the_region_shows_the_whole_programme(dave, programme):  # noqa: F811
    region = dashboard_scope_for(dave, Level.REGION, None)

    table = budget_execution(dave, region)

    paid = Decimal("120000")
    assert table.rows == [
        [2026, Decimal("400000"), 0, Decimal("0"), Decimal("0"), Decimal("400000"), Decimal("0")],
        [2025, Decimal("600000"), 2, Decimal("400000"), paid, Decimal("200000"), Decimal("280000")],
    ]


def test_a_municipality_and_an_office_show_their_own_grants(
    dave,
    coco,  # noqa: F811
    anderlecht_office,
    forest_office,  # noqa: F811
    programme,  # noqa: F811
):
    municipality = dashboard_scope_for(dave, Level.MUNICIPALITY, anderlecht_office.municipality_id)
    forest = dashboard_scope_for(dave, Level.OFFICE, forest_office.pk)
    paid_anderlecht = sum(
        (
            p.amount
            for p in Payment.objects.filter(tranche__grant__application__office=anderlecht_office)
        ),
        Decimal("0"),
    )

    rows = budget_execution(dave, municipality).rows
    forest_rows = budget_execution(dave, forest).rows
    own = budget_execution(coco, dashboard_scope_for(coco, Level.OFFICE, anderlecht_office.pk))

    # The envelope is the region's: left out of a place's table.
    assert rows[1][:5] == [2025, None, 1, Decimal("200000"), paid_anderlecht]
    assert rows[1][5] is None
    assert forest_rows[1][2:4] == [1, Decimal("200000")]
    # The coordinator sees their own office's grant, by the funding app's rule.
    assert own.rows[-1][:4] == [2025, None, 1, Decimal("200000")]


def test_the_budget_downloads_as_csv(client, dave, programme):  # noqa: F811
    client.force_login(dave)

    response = client.get("/staff/dashboards/region/budget.csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[2][:5] == ["2025", "600000.00", "2", "400000.00", "120000.00"]
