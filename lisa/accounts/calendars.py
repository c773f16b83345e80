"""The working calendar of each organisation, and the deadlines counted in it.

Every organisation has the Belgian public holidays and LISA_EXTRA_HOLIDAYS off.
The regional calendar adds Iris Day (8 May); the municipal one adds the days
off configured for the municipalities of the organisation's jurisdiction. The
calendars are built once from the database and kept in memory, like the routing
table, so that a deadline costs no query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from lisa.accounts.models import HolidayCalendar, LocalHoliday, Organisation
from lisa.geo.models import AreaKind
from lisa.lib.cache import StampedCache
from lisa.lib.workdays import IRIS_DAY, Calendar, add_working_days, parse_month_days


@dataclass(frozen=True)
class Calendars:
    everyone: Calendar  # an organisation unknown to the table, or none
    by_organisation: dict[int, Calendar]


def calendar_for(organisation: Organisation | None) -> Calendar:
    """Return the days an organisation does not work, besides weekends."""
    calendars = _cache.get()
    if organisation is None:
        return calendars.everyone
    return calendars.by_organisation.get(organisation.pk, calendars.everyone)


def deadline_for(*, organisation: Organisation | None, start: dt.date, days: int) -> dt.date:
    """Return the day `days` working days of the organisation after `start`."""
    return add_working_days(start, days, calendar_for(organisation))


def _build() -> Calendars:
    extra = parse_month_days(settings.LISA_EXTRA_HOLIDAYS)
    everyone = Calendar(yearly=extra)
    regional = Calendar(yearly=extra | {IRIS_DAY})
    yearly_of: dict[int, set[tuple[int, int]]] = {}
    dates_of: dict[int, set[dt.date]] = {}
    for holiday in LocalHoliday.objects.all():
        if holiday.every_year:
            yearly_of.setdefault(holiday.municipality_id, set()).add(
                (holiday.day.month, holiday.day.day)
            )
        else:
            dates_of.setdefault(holiday.municipality_id, set()).add(holiday.day)
    municipalities_of: dict[int, set[int]] = {}
    links = Organisation.jurisdiction.through.objects.filter(area__kind=AreaKind.MUNICIPALITY)
    for organisation_id, area_id in links.values_list("organisation_id", "area_id"):
        municipalities_of.setdefault(organisation_id, set()).add(area_id)
    # Organisations with the same days off share one Calendar, and its cache of years.
    shared: dict[Calendar, Calendar] = {everyone: everyone, regional: regional}
    by_organisation: dict[int, Calendar] = {}
    for organisation in Organisation.objects.only("id", "kind", "holiday_calendar"):
        kind = organisation.effective_holiday_calendar
        if kind == HolidayCalendar.REGIONAL:
            calendar = regional
        elif kind == HolidayCalendar.MUNICIPAL:
            areas = municipalities_of.get(organisation.pk, set())
            calendar = Calendar(
                yearly=extra.union(*(yearly_of.get(area, ()) for area in areas)),
                dates=frozenset().union(*(dates_of.get(area, ()) for area in areas)),
            )
        else:
            calendar = everyone
        by_organisation[organisation.pk] = shared.setdefault(calendar, calendar)
    return Calendars(everyone=everyone, by_organisation=by_organisation)


def _stamp() -> tuple[Any, ...]:
    through = Organisation.jurisdiction.through.objects.aggregate(count=Count("id"), last=Max("id"))
    return (
        tuple(Organisation.objects.aggregate(count=Count("id"), last=Max("updated_at")).values()),
        tuple(LocalHoliday.objects.aggregate(count=Count("id"), last=Max("updated_at")).values()),
        (through["count"], through["last"]),
    )


_cache: StampedCache[Calendars] = StampedCache(
    _build, _stamp, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def invalidate_calendars(**_kwargs: object) -> None:
    _cache.invalidate()
