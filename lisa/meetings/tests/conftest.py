"""A coordinator at the Anderlecht test office, and reports past their deadline there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lisa.accounts.models import Role, User
from lisa.offices.models import Office
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel, Report
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE


@pytest.fixture
def marc(anderlecht_office: Office) -> User:
    user = UserFactory.create(username="marc", first_name="Marc", language="en")
    grant(user, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    return user


def a_report(
    *,
    code: str = "dumping-bulky",
    point: tuple[float, float] = VAILLANCE,
    description: str = "Matelas et sacs déposés contre la façade.",
    days_late: int | None = None,
) -> Report:
    report = report_create(
        category=Category.objects.get(code=code),
        lat=point[0],
        lon=point[1],
        description=description,
        channel=Channel.DESK,
        notify=False,
    ).report
    if days_late is not None:
        Report.objects.filter(pk=report.pk).update(
            deadline=timezone.localdate() - dt.timedelta(days=days_late)
        )
        report.refresh_from_db()
    return report


def at(days: int, hour: int = 10) -> dt.datetime:
    """Return a moment `days` from today (negative: in the past), at the hour, Brussels time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
