"""The back office's lists read their page off the index made for them."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import Model, QuerySet

from lisa.accounts.models import Organisation
from lisa.offices.models import Office
from lisa.reports.actions import report_create
from lisa.reports.models import OPEN_STATUSES, Category, Channel, Report, StatusChange
from lisa.reports.selectors import municipality_reports, office_reports, organisation_queue
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the plans checked are PostgreSQL's, the database that holds the real volume; "
    "SQLite's planner and EXPLAIN output differ",
)


@pytest.fixture
def reports(anderlecht_office: Office) -> list[Report]:
    return [
        report_create(
            category=Category.objects.get(code=code),
            lat=VAILLANCE[0],
            lon=VAILLANCE[1],
            description="Un lampadaire et des déchets",
            channel=Channel.WEB,
        ).report
        for code in ["dumping-bulky", "lighting-out", "dumping-bulky"]
    ]


def plan(queryset: QuerySet[Report]) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table holds a few rows, which a sequential scan reads fastest:
        # sequential scans are priced out, for this transaction only, so that
        # the planner shows the plan it makes for a large table. A bitmap scan and a
        # sort of its few rows can also look cheapest on a small table, depending on
        # what other tests left in it: priced out too. So is a sort: with a few rows and
        # whatever statistics autovacuum last took, another index and a sort of its rows
        # can cost the same; a plan that cannot do without a sort still shows one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@dataclass(frozen=True)
class Handled:
    """A report with the organisation and office it has (both set, for the type checker)."""

    report: Report
    organisation: Organisation
    office: Office


LISTS: dict[str, tuple[Callable[[Handled], QuerySet[Report]], str | tuple[str, ...]]] = {
    "queue": (lambda r: organisation_queue(r.organisation), "report_org_open_deadline"),
    "queue, overdue": (
        lambda r: organisation_queue(r.organisation).filter(deadline__lt=dt.date.today()),
        "report_org_open_deadline",
    ),
    "queue, one status": (
        lambda r: organisation_queue(r.organisation).filter(status="new"),
        # On a large table the planner picks report_org_open_status; on a few rows reading
        # report_org_open_deadline and skipping the other statuses costs the same.
        ("report_org_open_status", "report_org_open_deadline"),
    ),
    "queue, one category": (
        lambda r: organisation_queue(r.organisation).filter(category=r.report.category),
        "report_org_open_deadline",
    ),
    "queue, one neighbourhood": (
        lambda r: organisation_queue(r.organisation).filter(neighbourhood=r.report.neighbourhood),
        "report_org_open_deadline",
    ),
    "queue, created between": (
        lambda r: organisation_queue(r.organisation).filter(
            created_at__date__range=(dt.date(2020, 1, 1), dt.date(2099, 1, 1))
        ),
        "report_org_open_deadline",
    ),
    "queue, text": (
        lambda r: organisation_queue(r.organisation).filter(description__icontains="déchets"),
        "report_org_open_deadline",
    ),
    "queue, oldest first": (
        lambda r: organisation_queue(r.organisation).order_by("created_at", "id"),
        "report_org_open_created",
    ),
    "queue, by reference": (
        lambda r: organisation_queue(r.organisation).order_by("reference"),
        "report_org_open_reference",
    ),
    "office's queue": (
        lambda r: Report.objects.filter(office=r.office, status__in=OPEN_STATUSES).order_by(
            "deadline", "id"
        ),
        "report_office_open_deadline",
    ),
    "office": (lambda r: office_reports(r.office), "report_office_created"),
    "municipality": (
        lambda r: municipality_reports(r.report.municipality),
        "report_municipality_created",
    ),
}


@on_postgresql
@pytest.mark.parametrize("name", LISTS)
def test_each_list_reads_its_first_page_off_its_index_without_sorting(reports, name):
    build, wanted = LISTS[name]
    report = reports[0]
    assert report.organisation is not None
    assert report.office is not None
    handled = Handled(report=report, organisation=report.organisation, office=report.office)

    explained = plan(build(handled)[:50])

    names = (wanted,) if isinstance(wanted, str) else wanted
    assert any(f"Index Scan using {i} on reports_report" in explained for i in names), explained
    assert "Sort" not in explained, explained


def indexes(model: type[Model]) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: found["columns"]
        for name, found in constraints.items()
        if found["index"] and not found["primary_key"] and not found["unique"]
    }


def test_the_lists_have_their_composite_indexes():
    found = indexes(Report)

    assert found["report_org_open_deadline"] == ["organisation_id", "deadline", "id"]
    assert found["report_org_open_status"] == ["organisation_id", "status", "deadline", "id"]
    assert found["report_office_created"] == ["office_id", "created_at", "id"]
    assert found["report_municipality_created"] == ["municipality_id", "created_at", "id"]


def test_no_column_has_an_index_of_its_own_that_a_composite_one_starts_with():
    for model in (Report, StatusChange):
        found = indexes(model)
        # A partial index (the public map's) holds some rows only: it replaces no index.
        partial = {index.name for index in model._meta.indexes if index.condition is not None}
        single = {columns[0] for columns in found.values() if len(columns) == 1}
        leading = {
            columns[0]
            for name, columns in found.items()
            if len(columns) > 1 and name not in partial
        }

        assert single & leading == set(), model.__name__
