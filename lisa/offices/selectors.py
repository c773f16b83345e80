"""Reads about offices: what the public sees of them, who edits them, the desk visits."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lisa.accounts.calendars import calendar_for
from lisa.accounts.models import Organisation, OrganisationKind, User
from lisa.accounts.selectors import scope_for
from lisa.errors import NotFound
from lisa.geo.locator import Location, locate
from lisa.offices.hours import OpenState, Slot, format_slots, open_state, weekday_name
from lisa.offices.models import DeskVisit, Office, OfficeStatus, PartnerHelp


@dataclass(frozen=True)
class PartnerShown:
    organisation: Organisation
    help: str


@dataclass(frozen=True)
class OfficeCard:
    """An office as the public sees it: contact, the week's hours, open now or not."""

    office: Office
    hours: dict[int, list[Slot]]
    state: OpenState

    @property
    def week(self) -> list[tuple[int, str, str]]:
        """Return (weekday, its name, its slots as text or "closed") for every day, Monday
        first; nothing when the office has not published its hours."""
        if not any(self.hours.values()):
            return []
        return [
            (
                day,
                weekday_name(day),
                format_slots(self.hours[day])
                if self.hours.get(day)
                else pgettext("opening hours", "closed"),
            )
            for day in range(7)
        ]

    @property
    def partners(self) -> list[PartnerShown]:
        """Return the partners present, each with what it helps with (their name's order)."""
        help_of = {h.organisation_id: h.text for h in self.office.partner_help.all()}
        return sorted(
            (
                PartnerShown(organisation=o, help=help_of.get(o.pk, ""))
                for o in self.office.partners.all()
            ),
            key=lambda partner: partner.organisation.name,
        )


def _public_queryset(*, with_partners: bool = False) -> QuerySet[Office]:
    offices = (
        Office.objects.exclude(status=OfficeStatus.CLOSED)
        .select_related("municipality", "coordinator")
        # A municipality's outline is a large JSON document; the pages need its name only.
        .defer("municipality__geometry", "municipality__outline")
        .prefetch_related("opening_hours")
    )
    if with_partners:
        offices = offices.prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.filter(is_active=True)),
            "partner_help",
        )
    return offices


def _card(office: Office, now: dt.datetime | None) -> OfficeCard:
    hours: dict[int, list[Slot]] = {}
    for slot in office.opening_hours.all():
        hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
    state = open_state(hours, calendar=calendar_for(office.coordinator), now=now)
    return OfficeCard(office=office, hours=hours, state=state)


def public_offices(now: dt.datetime | None = None) -> list[OfficeCard]:
    """Return the offices open to the public or being set up, by municipality and name."""
    offices = sorted(_public_queryset(), key=lambda office: (office.municipality.name, office.name))
    return [_card(office, now) for office in offices]


def public_office(code: str, now: dt.datetime | None = None) -> OfficeCard:
    """Return the office with this code for its public page, or raise NotFound."""
    office = _public_queryset(with_partners=True).filter(code=code).first()
    if office is None:
        raise NotFound("office_not_found", _("There is no LISA office at this address."))
    return _card(office, now)


@dataclass(frozen=True)
class Coverage:
    """Which office covers a place; when none does, the nearest office and who to ask."""

    location: Location
    office: Office | None
    nearest: Office | None = None
    nearest_km: float | None = None
    municipal_contact: Organisation | None = None


def office_covering(*, lat: float, lon: float) -> Coverage:
    """Return the office whose catchment holds the point; raise LisaError outside the region."""
    location = locate(lat=lat, lon=lon)
    offices = list(
        Office.objects.exclude(status=OfficeStatus.CLOSED)
        .select_related("municipality")
        .defer("municipality__geometry", "municipality__outline")
    )
    catchment = location.office_catchment
    covering = next(
        (o for o in offices if catchment is not None and o.catchment_id == catchment.id), None
    )
    if covering is not None and covering.status == OfficeStatus.OPERATIONAL:
        return Coverage(location=location, office=covering)
    # An office still being set up welcomes no one yet: name the nearest open one too.
    nearest = min(
        (o for o in offices if o.status == OfficeStatus.OPERATIONAL),
        key=lambda o: _km(lat, lon, o.lat, o.lon),
        default=None,
    )
    contact = (
        Organisation.objects.filter(
            kind=OrganisationKind.PREVENTION_SERVICE,
            jurisdiction=location.municipality,
            is_active=True,
        )
        .order_by("id")
        .first()
    )
    return Coverage(
        location=location,
        office=covering,
        nearest=nearest,
        nearest_km=_km(lat, lon, nearest.lat, nearest.lon) if nearest else None,
        municipal_contact=contact,
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the distance in kilometres (equirectangular: exact enough within a region)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371 * math.hypot(x, y)


def offices_editable_by(user: User | AnonymousUser | None) -> QuerySet[Office]:
    """Return the offices whose public information the person keeps: their coordinator's,
    or all of them for an administrator."""
    scope = scope_for(user)
    offices = (
        Office.objects.select_related("municipality")
        .defer("municipality__geometry", "municipality__outline")
        .order_by("name_fr")
    )
    if scope.is_administrator:
        return offices
    return offices.filter(id__in=scope.coordinator_office_ids)


def office_editable_by(user: User | AnonymousUser | None, code: str) -> Office:
    """Return the office for its coordinator or an administrator; NotFound for anyone else."""
    office = offices_editable_by(user).filter(code=code).first()
    if office is None:
        raise NotFound("office_not_found", _("There is no office here that you look after."))
    return office


def partner_help_of(office: Office) -> dict[int, PartnerHelp]:
    """Return what each partner of the office helps with, by organisation id."""
    return {h.organisation_id: h for h in office.partner_help.all()}


def desk_visits_visible_to(user: User | None) -> QuerySet[DeskVisit]:
    """Return the desk visits the person may see: those of their offices (all for analysts)."""
    scope = scope_for(user)
    if scope.sees_all_reports:
        return DeskVisit.objects.all()
    return DeskVisit.objects.filter(office_id__in=scope.catchment_office_ids)


def desk_visits_of_day(
    user: User | None, office: Office, day: dt.date | None = None
) -> list[DeskVisit]:
    """Return the visits of a day at the office, latest first, with their referral loaded."""
    day = day or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return list(
        desk_visits_visible_to(user)
        .filter(office=office, at__gte=start, at__lt=start + dt.timedelta(days=1))
        .select_related("referred_to")
        .order_by("-at", "-id")
    )


def desk_visit_counts(
    user: User | None, office: Office, month: dt.date | None = None
) -> list[tuple[str, int]]:
    """Return (topic, number of visits) for a month at the office, the most frequent first."""
    month = (month or timezone.localdate()).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(following, dt.time.min))
    rows = (
        desk_visits_visible_to(user)
        .filter(office=office, at__gte=start, at__lt=end)
        .values("topic")
        .annotate(visits=Count("id"))
        .order_by("-visits", "topic")
    )
    return [(row["topic"], row["visits"]) for row in rows]
