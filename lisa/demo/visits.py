"""Visits counted at the demo desks over the past weeks: walk-ins and calls that are not
reports (a question, a form to fill in, a referral), in the office's opening hours, counted
anonymously by its desk agent through the same action as at a real desk."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from django.utils import timezone

from lisa.accounts.models import Membership, Organisation, Role, User
from lisa.demo.moments import Clock
from lisa.demo.staff_texts import REFERRALS
from lisa.demo.transfers import competent_at
from lisa.errors import LisaError
from lisa.geo.locator import Location, get_locator
from lisa.offices.actions import desk_visit_log
from lisa.offices.models import Office, OfficeStatus, VisitChannel, VisitTopic

WEEKS = 6
# Visits an hour the office is open: the published offices see more people.
PER_HOUR = {False: 0.9, True: 0.45}  # by Office.is_demo
PHONE = 0.3
REFERRED = 0.6
TOPIC_MIX: dict[str, int] = {
    VisitTopic.INFORMATION: 18,
    VisitTopic.ADMINISTRATIVE: 16,
    VisitTopic.CLEANLINESS: 14,
    VisitTopic.NEIGHBOURHOOD: 11,
    VisitTopic.SOCIAL: 11,
    VisitTopic.HOUSING: 10,
    VisitTopic.SAFETY: 6,
    VisitTopic.MOBILITY: 6,
    VisitTopic.FOLLOW_UP: 6,
    VisitTopic.OTHER: 2,
}
# The languages people speak at a Brussels desk, not only the region's.
LANGUAGE_MIX = {
    "fr": 52,
    "nl": 12,
    "ar": 11,
    "en": 5,
    "tr": 4,
    "es": 4,
    "pt": 3,
    "ro": 3,
    "pl": 2,
    "other": 4,
}

Interval = tuple[dt.datetime, dt.datetime]


def seed_visits(*, rng: random.Random, clock: Clock) -> int:
    """Count the visits of the past weeks at every open office with a desk agent."""
    agents: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        role=Role.FRONT_DESK_AGENT, is_active=True, user__is_active=True, office__isnull=False
    ).select_related("user"):
        agents.setdefault(membership.office_id or 0, []).append(membership.user)
    offices = (
        Office.objects.filter(status=OfficeStatus.OPERATIONAL, id__in=list(agents))
        .prefetch_related("opening_hours")
        .order_by("code")
    )
    counted = 0
    for office in offices:
        counted += _office_visits(office, agents[office.pk], rng=rng, clock=clock)
    return counted


def _office_visits(office: Office, agents: list[User], *, rng: random.Random, clock: Clock) -> int:
    hours: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for slot in office.opening_hours.all():
        hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
    since = timezone.localdate(clock.now) - dt.timedelta(weeks=WEEKS)
    days = [day for day in clock.open_days(hours=hours, opened_on=office.opened_on) if day > since]
    try:
        location = get_locator().locate(lat=office.lat, lon=office.lon)
    except LisaError:
        location = None
    counted = 0
    for day in sorted(days):
        intervals = _open_until_now(day, hours[day.weekday()], clock.now)
        open_hours = sum((end - start) / dt.timedelta(hours=1) for start, end in intervals)
        expected = PER_HOUR[office.is_demo] * open_hours
        for _ in range(max(round(rng.gauss(expected, expected**0.5)), 0) if expected else 0):
            agent = rng.choice(agents)
            topic = _pick(rng, TOPIC_MIX)
            referred_to, note = _referral(rng, topic, agent.language, location)
            desk_visit_log(
                office=office,
                channel=VisitChannel.PHONE if rng.random() < PHONE else VisitChannel.WALK_IN,
                topic=topic,
                language=_pick(rng, LANGUAGE_MIX),
                referred_to=referred_to,
                referral_note=note,
                by=agent,
                now=clock.unique(_within(rng, intervals)),
            )
            counted += 1
    return counted


def _open_until_now(
    day: dt.date, slots: Sequence[tuple[dt.time, dt.time]], now: dt.datetime
) -> list[Interval]:
    """Return the day's opening hours that have begun by now, cut at now."""
    intervals = []
    for opens, closes in slots:
        start, end = (timezone.make_aware(dt.datetime.combine(day, t)) for t in (opens, closes))
        end = min(end, now)
        if end > start:
            intervals.append((start, end))
    return intervals


def _within(rng: random.Random, intervals: list[Interval]) -> dt.datetime:
    """Return a moment in one of the intervals, a second before its end at the latest."""
    weights = [(end - start).total_seconds() for start, end in intervals]
    start, end = rng.choices(intervals, weights=weights)[0]
    span = max((end - start).total_seconds() - 1, 0)
    return start + dt.timedelta(seconds=rng.uniform(0, span))


def _referral(
    rng: random.Random, topic: str, language: str, location: Location | None
) -> tuple[Organisation | None, str]:
    """Return where the agent sent the visitor, and the note they typed, if anywhere."""
    choices = REFERRALS.get(topic)
    if not choices or rng.random() >= REFERRED:
        return None, ""
    spec, notes = rng.choice(choices)
    organisation = competent_at(spec, location) if spec and location is not None else None
    return organisation, notes.get(language, notes["fr"])


def _pick(rng: random.Random, mix: Mapping[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]
