"""Small worlds of reports whose figures are computed by hand in the tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest

from lisa.accounts.models import Organisation, User
from lisa.reports.actions import (
    ReporterDetails,
    report_create,
    report_transition,
    satisfaction_record,
)
from lisa.reports.models import Category, Channel, Report, Reporter, Status
from lisa.testing.personas import GRAND_PLACE, VAILLANCE

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
# Reports are made in March 2026; the figures are read on its last day.
MARCH = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)  # a Monday
TODAY = dt.date(2026, 3, 31)
NOW = dt.datetime(2026, 3, 31, 12, tzinfo=BRUSSELS)


def make_report(
    *,
    at: dt.datetime,
    place: tuple[float, float] = VAILLANCE,
    category: str = "dumping-bulky",
    channel: str = Channel.WEB,
    language: str = "fr",
) -> Report:
    return report_create(
        category=Category.objects.get(code=category),
        lat=place[0],
        lon=place[1],
        description="Un matelas sur le trottoir.",
        channel=channel,
        reporter=ReporterDetails(name="An", email="an@example.org", language=language),
        language=language,
        now=at,
        notify=False,
    ).report


def move(
    report: Report,
    status: str,
    *,
    at: dt.datetime,
    by: User,
    to_organisation: Organisation | None = None,
    reason: str = "",
) -> Report:
    return report_transition(
        report=report,
        to_status=status,
        by=by,
        now=at,
        notify=False,
        to_organisation=to_organisation,
        reason=reason,
    )


@dataclass
class MarchWorld:
    """Seven reports at the Place de la Vaillance (Anderlecht, zone Midi) and one at the
    Grand-Place (Bruxelles, zone 5339), all made in March 2026."""

    resolved: list[Report]
    open_late: Report
    open_in_time: Report
    elsewhere: Report


@pytest.fixture
def march(alice) -> MarchWorld:
    # Resolved after 1, 2, 3, 4 and 10 days: median 3, 90th percentile 10 (nearest rank).
    resolved = []
    for index, days in enumerate([1, 2, 3, 4, 10]):
        made = MARCH + dt.timedelta(days=index)
        report = make_report(at=made)
        move(report, Status.IN_PROGRESS, at=made + dt.timedelta(hours=1), by=alice)
        move(report, Status.RESOLVED, at=made + dt.timedelta(days=days), by=alice)
        resolved.append(report)
    # The first one was reopened at the resident's word, then resolved again: it counts once,
    # with its first resolution.
    first = resolved[0]
    move(first, Status.REOPENED, at=MARCH + dt.timedelta(days=5), by=alice)
    move(first, Status.RESOLVED, at=MARCH + dt.timedelta(days=6), by=alice)
    # Still open, its deadline long past by the end of April.
    open_late = make_report(at=MARCH + dt.timedelta(days=20), channel=Channel.DESK, language="nl")
    # Still open, made so late that its deadline is in April; transferred once.
    open_in_time = make_report(at=dt.datetime(2026, 3, 31, 10, tzinfo=BRUSSELS))
    move(
        open_in_time,
        Status.TRANSFERRED,
        at=dt.datetime(2026, 3, 31, 11, tzinfo=BRUSSELS),
        by=alice,
        to_organisation=Organisation.objects.get(code="anderlecht-public-works"),
        reason="Le trottoir est abîmé, pas encombré.",
    )
    elsewhere = make_report(at=MARCH, place=GRAND_PLACE)
    # Two residents answered: 4 and 2 of 5.
    satisfaction_record(reporter=Reporter.objects.get(report=resolved[1]), score=4, now=NOW)
    satisfaction_record(reporter=Reporter.objects.get(report=resolved[2]), score=2, now=NOW)
    return MarchWorld(
        resolved=resolved, open_late=open_late, open_in_time=open_in_time, elsewhere=elsewhere
    )
