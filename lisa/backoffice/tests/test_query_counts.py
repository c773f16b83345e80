"""The queue and the report page run a fixed number of queries, however long the list or
the history (the visibility checks included)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lisa.accounts.models import Organisation, User
from lisa.reports.actions import (
    ReporterDetails,
    message_send,
    note_add,
    report_assign,
    report_create,
)
from lisa.reports.models import Category, Channel, NoteVisibility, Report
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

# The queue of an organisation: the session, the user, their memberships and the offices they
# are a partner of; the filter form's categories, areas and offices, and the organisation's
# people (for the filter and the bulk form alike); the count, the page's ids, then its rows
# (bench/backoffice.py: a deep page then costs what the first one does); saved filters; the
# teams and the organisations to transfer to; the open case tasks of the person's
# organisations; the resolved reports whose residents ask to reopen them.
QUEUE_QUERIES = 16
# An analyst's queue of the whole region, private reports included: no partner offices, people,
# teams or organisations, and no query to tell which rows show their private details. One more
# than before the page was read in two steps (its ids, then its rows): with one query, a deep
# page of a million reports joined every row it skipped.
ANALYST_QUEUE_QUERIES = 10
# The report page for its handler: session, user, memberships, partner offices; the report
# (with whether it is seen as staff); its history of five kinds (status changes, activities,
# messages, questions, notes); children, duplicates, links; cases; response templates, the
# resident's language, people and teams; files; organisations and categories for the forms;
# the residents' requests to reopen and satisfaction answers (in the history), their latest
# answers, and the request to reopen waiting for an answer; where it was forwarded (the
# attempts only when it was).
REPORT_QUERIES = 26
# The report page for an analyst: no partner offices, notes, cases, templates or forms.
ANALYST_REPORT_QUERIES = 16


def dumping(organisation: Organisation, category: str = "dumping-bulky") -> Report:
    return report_create(
        category=Category.objects.get(code=category),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas abandonné.",
        channel=Channel.WEB,
        organisation=organisation,
        reporter=ReporterDetails(name="Erin", email="erin@example.org"),
        notify=False,
    ).report


@pytest.fixture
def foyer() -> Organisation:
    return Organisation.objects.get(code="foyer-anderlechtois")


@pytest.fixture
def colleague(db) -> User:
    user = UserFactory.create(username="colleague", password=None)
    grant(user, "foyer-anderlechtois", "partner_agent")
    return user


def queries_of(client, url: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_queue_runs_the_same_queries_for_one_report_or_twenty(client, carol, foyer):
    client.force_login(carol)
    url = reverse("backoffice:queue")
    dumping(foyer)
    client.get(url)  # the session, warm

    one = queries_of(client, url)
    for _ in range(19):
        dumping(foyer)
    twenty = queries_of(client, url)

    assert one == twenty == QUEUE_QUERIES


def test_an_analysts_queue_of_private_reports_runs_the_same_queries(client, dave, foyer):
    client.force_login(dave)
    url = reverse("backoffice:queue")
    dumping(foyer, "neighbourhood-dispute")
    client.get(url)

    one = queries_of(client, url, {"in": "all"})
    for number in range(19):
        dumping(foyer, "neighbourhood-dispute" if number % 2 else "dumping-bulky")
    twenty = queries_of(client, url, {"in": "all"})
    points = queries_of(client, reverse("backoffice:queue-points"), {"in": "all"})

    assert one == twenty == ANALYST_QUEUE_QUERIES
    assert points < one


def grow_history(
    report: Report, organisation: Organisation, by: User, colleague: User, rounds: int
) -> None:
    """Add `rounds` × 3 entries: an assignment, a public message and a note."""
    for number in range(rounds):
        report_assign(report=report, by=by, to_user=colleague if number % 2 else by)
        message_send(report=report, body=f"Message {number}", by=by)
        note_add(
            report=report,
            by=by,
            body=f"Note {number}",
            visibility=NoteVisibility.ORGANISATION,
            organisation=organisation,
        )


def test_the_report_page_runs_the_same_queries_for_3_or_30_history_entries(
    client, carol, colleague, foyer
):
    client.force_login(carol)
    short, long = dumping(foyer), dumping(foyer)
    grow_history(short, foyer, carol, colleague, 1)
    grow_history(long, foyer, carol, colleague, 10)
    client.get(reverse("backoffice:report", args=[short.reference]))

    few = queries_of(client, reverse("backoffice:report", args=[short.reference]))
    many = queries_of(client, reverse("backoffice:report", args=[long.reference]))

    assert few == many == REPORT_QUERIES


def test_an_analysts_report_page_runs_the_same_queries_for_3_or_30_history_entries(
    client, carol, colleague, dave, foyer
):
    client.force_login(dave)
    short, long = dumping(foyer), dumping(foyer)
    grow_history(short, foyer, carol, colleague, 1)
    grow_history(long, foyer, carol, colleague, 10)
    client.get(reverse("backoffice:report", args=[short.reference]))

    few = queries_of(client, reverse("backoffice:report", args=[short.reference]))
    many = queries_of(client, reverse("backoffice:report", args=[long.reference]))

    assert few == many == ANALYST_REPORT_QUERIES
