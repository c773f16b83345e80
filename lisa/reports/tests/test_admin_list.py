"""The admin's report list reads one page of reports, however many there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lisa.reports.actions import report_create
from lisa.reports.admin_list import EstimatedCountPaginator
from lisa.reports.models import Category, Channel, Report
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

pytestmark = pytest.mark.django_db

LIST = "/admin/reports/report/"


@pytest.fixture
def reports() -> list[Report]:
    return [
        report_create(
            category=Category.objects.get(code=code),
            lat=lat,
            lon=lon,
            description="Test",
            channel=Channel.WEB,
        ).report
        for code, (lat, lon) in [
            ("dumping-bulky", VAILLANCE),
            ("lighting-out", GRAND_PLACE),
            ("dumping-bulky", GRAND_PLACE),
        ]
    ]


def queries_on_reports(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"reports_report"' in q["sql"] and "pg_class" not in q["sql"]
    ]


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=new", "?o=1", "?created_at__gte=2020-01-01+00:00:00%2B01:00"],
)
def test_the_report_list_reads_the_reports_for_its_page_and_their_count_only(
    admin_client, reports, query
):
    read = queries_on_reports(admin_client, LIST + query)

    # The filters' choices come from their own tables, there is no date bar, and
    # the total is not counted apart: a page, and the count of the filtered list.
    assert len(read) <= 2, read
    assert not [sql for sql in read if "DISTINCT" in sql.upper()], read
    assert not [sql for sql in read if re.search(r"MIN\(|MAX\(|TRUNC|STRFTIME", sql.upper())]


def test_the_report_list_offers_the_municipalities_and_organisations_from_their_tables(
    admin_client, reports
):
    response = admin_client.get(LIST)

    # Woluwe-Saint-Pierre has no report here, and is offered all the same.
    assert "Woluwe-Saint-Pierre" in response.text
    assert "Bruxelles-Propreté" in response.text


def test_the_report_list_leaves_the_municipality_outline_in_the_database(admin_client, reports):
    read = queries_on_reports(admin_client, LIST)

    page = read[-1]
    assert '"geo_area"."name_fr"' in page
    assert '"geo_area"."geometry"' not in page


def test_a_reference_or_its_beginning_is_found_through_its_index(admin_client, reports):
    reference = reports[1].reference

    read = queries_on_reports(admin_client, f"{LIST}?q={reference[:-2].lower()}")

    assert reference in admin_client.get(f"{LIST}?q={reference[:-2].lower()}").text
    assert not [sql for sql in read if "UPPER(" in sql.upper()], read


def test_a_word_still_searches_every_reference(admin_client, reports):
    number = reports[0].reference.rsplit("-", 1)[1]

    response = admin_client.get(f"{LIST}?q={number}")

    assert reports[0].reference in response.text


def test_a_filtered_list_is_counted_exactly(reports):
    paginator = EstimatedCountPaginator(Report.objects.filter(status="new"), 50)
    paginator.estimate_above = 0

    assert paginator.estimate() is None
    assert paginator.count == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate is PostgreSQL's statistics"
)
def test_an_unfiltered_list_of_many_reports_is_counted_from_postgresql_statistics(
    reports, django_assert_num_queries
):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_report")  # what autovacuum does on a real table
    paginator = EstimatedCountPaginator(Report.objects.order_by("-created_at"), 50)
    paginator.estimate_above = 0

    with django_assert_num_queries(1) as captured:
        assert paginator.count == 3
    assert "pg_class" in captured.captured_queries[0]["sql"]
