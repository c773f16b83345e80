"""A believable year of demo reports, made through the same actions as real ones.

Reports are drawn first and made in the order of their moments, so that references
follow time and a duplicate always points to an earlier report. Residents report at any
hour; walk-in and phone reports are taken at an open office by its desk agent, in its
opening hours; staff act in office hours on working days.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from lisa.accounts.models import Membership, Organisation, Role, User
from lisa.demo.moments import YEAR, Clock, Hours
from lisa.demo.recent import add_recent, staffed_organisations
from lisa.demo.splits import SplitPlan, plan_splits, split_off
from lisa.demo.streets import Street, demo_streets
from lisa.demo.texts import DESCRIPTIONS, PUBLIC_MESSAGES
from lisa.demo.transfers import transfer_for
from lisa.errors import LisaError
from lisa.geo.locator import Location, get_locator
from lisa.offices.models import Office, OfficeStatus
from lisa.reports.actions import (
    MASTER_STATUSES,
    ReporterDetails,
    report_create,
    report_transition,
)
from lisa.reports.models import Category, Channel, Report, Status
from lisa.reports.selectors import can_handle

T = TypeVar("T")

# Share of each problem type among reports, after the LISA programme's priorities.
CATEGORY_MIX = {
    "dumping": 34,
    "parking": 12,
    "tags": 10,
    "furniture": 9,
    "lighting": 8,
    "noise": 8,
    "neighbourhood": 7,
    "traffic": 7,
    "other": 5,
}
CHANNEL_MIX = {
    Channel.WEB: 44,
    Channel.DESK: 24,
    Channel.PHONE: 16,
    Channel.EMAIL: 8,
    Channel.FIELD: 6,
    Channel.API: 2,
}
# Taken by an office's desk agent, in its opening hours.
AT_THE_OFFICE = (Channel.DESK, Channel.PHONE)
LANGUAGE_MIX = {"fr": 70, "nl": 24, "en": 6}
ROAD_MIX = {"municipal": 66, "regional": 20, "unknown": 6, None: 8}
# The roles of those who move reports along (not the desk, the analyst or the admin).
HANDLING_ROLES = (
    Role.PARTNER_AGENT,
    Role.PARTNER_MANAGER,
    Role.POLICE_OFFICER,
    Role.OFFICE_COORDINATOR,
)
ENDED = (Status.RESOLVED, Status.REJECTED, Status.DUPLICATE, Status.CLOSED)
# Share of reports an organisation means to solve within the deadline (stalls, waits for a
# third party and transfers make some of them late all the same).
ON_TIME = 0.85
# Share of reports that repeat an earlier one at the same spot, and how near is the same spot.
REPEATED = 0.05
NEAR_LAT, NEAR_LON = 0.0005, 0.0007  # about 50 m


@dataclass
class Desk:
    """An open office where residents walk in or phone, and who takes their reports."""

    office: Office
    agents: list[User]
    hours: Hours
    open_days: list[dt.date]
    streets: list[Street]

    @property
    def weekly_hours(self) -> float:
        return sum(
            (dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens))
            / dt.timedelta(hours=1)
            for intervals in self.hours.values()
            for opens, closes in intervals
        )


@dataclass
class Plan:
    """A report drawn, waiting to be made in time order."""

    created_at: dt.datetime
    category: Category
    language: str
    channel: str
    attributes: dict[str, str]
    location: Location
    lat: float
    lon: float
    street: Street
    address: str
    desk: Desk | None
    agent: User | None


@dataclass
class Seeding:
    """What playing the histories needs to remember from one report to the next."""

    rng: random.Random
    clock: Clock
    handlers: dict[int, list[tuple[User, int | None]]]
    timeline: Timeline
    # category -> the reports made so far, and when each ended (None: still open)
    earlier: dict[int, list[Report]] = field(default_factory=dict)
    ended_at: dict[int, dt.datetime | None] = field(default_factory=dict)


def seed_reports(
    *,
    count: int,
    geodata: Path,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` reports over the past year with their histories; return how many."""
    rng = random.Random(seed)
    clock = Clock(rng=rng, now=timezone.now())
    streets = demo_streets(geodata / "streets.csv")
    top_categories = {
        c.code: c for c in Category.objects.filter(parent=None).prefetch_related("children")
    }
    desks = _desks(clock, streets)
    plans = [
        _plan(rng=rng, clock=clock, streets=streets, top_categories=top_categories, desks=desks)
        for _ in range(count)
    ]
    _add_repeats(plans, rng=rng, clock=clock)
    categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    _organisations, offices = staffed_organisations()
    add_recent(
        plans,
        draw=partial(_plan, rng=rng, clock=clock, top_categories=top_categories),
        rng=rng,
        now=clock.now,
        categories=categories,
        streets=[street for street in streets if street.office_id in offices],
        desks=[desk for desk in desks if desk.office.pk in offices],
    )
    splits = plan_splits(plans, rng=rng, clock=clock, categories=categories)
    timeline = Timeline([*plans, *splits])
    seeding = Seeding(rng=rng, clock=clock, handlers=_handlers(), timeline=timeline)
    made: dict[int, Report] = {}  # id(plan) -> its report, for the splits
    created = 0
    while timeline:
        with transaction.atomic():
            for event in timeline.next_events(250):
                if isinstance(event, Closing):
                    _close(seeding, event)
                elif isinstance(event, SplitPlan):
                    child = split_off(event, made.get(id(event.parent)))
                    if child is not None:
                        _play_history(seeding, report=child, location=event.parent.location)
                else:
                    report = _make(event, rng=rng)
                    made[id(event)] = report
                    _play_history(seeding, report=report, location=event.location)
                    created += 1
                    if progress:
                        progress(created)
    return created


@dataclass(frozen=True)
class Closing:
    """A resolved report to close once the timeline reaches `created_at`."""

    created_at: dt.datetime
    report: Report


class Timeline:
    """The reports to make, the splits and the closings, in the order of their moments.

    A report's history is played whole when it is made, except its closing, which waits for
    its moment: until then it may still gather the duplicates of later reports.
    """

    def __init__(self, events: list[Plan | SplitPlan]) -> None:
        self.heap: list[tuple[dt.datetime, int, Plan | SplitPlan | Closing]] = [
            (event.created_at, index, event) for index, event in enumerate(events)
        ]
        heapq.heapify(self.heap)
        self.count = len(events)

    def __bool__(self) -> bool:
        return bool(self.heap)

    def later(self, event: Closing) -> None:
        self.count += 1
        heapq.heappush(self.heap, (event.created_at, self.count, event))

    def next_events(self, limit: int) -> Iterator[Plan | SplitPlan | Closing]:
        for _ in range(limit):
            if not self.heap:
                return
            yield heapq.heappop(self.heap)[2]


def _close(seeding: Seeding, closing: Closing) -> None:
    report = closing.report
    if report.status == Status.RESOLVED:
        report_transition(
            report=report,
            to_status=Status.CLOSED,
            by=_handler(seeding, report),
            now=closing.created_at,
            notify=False,  # played back: nobody is e-mailed, no system outside LISA is told
        )


def _plan(
    *,
    rng: random.Random,
    clock: Clock,
    streets: list[Street],
    top_categories: dict[str, Category],
    desks: list[Desk],
    category: Category | None = None,
    attributes: dict[str, str] | None = None,
    within_days: int = YEAR,
) -> Plan:
    """Draw a report of the past year; or, for `within_days`, of the past days, of the
    `category` (and `attributes`) asked for."""
    if category is None:
        top = top_categories[_pick(rng, CATEGORY_MIX)]
        children = list(top.children.all())
        category = rng.choice(children) if children and rng.random() < 0.9 else top
    top = category.lineage()[-1]
    language = _pick(rng, LANGUAGE_MIX)
    channel = _pick(rng, CHANNEL_MIX)
    if within_days < YEAR:
        since = timezone.localdate(clock.now) - dt.timedelta(days=within_days)
        desks = [
            replace(desk, open_days=recent)
            for desk in desks
            if (recent := [day for day in desk.open_days if day > since])
        ]
        if channel == Channel.FIELD:
            channel = Channel.WEB
    if channel in AT_THE_OFFICE and not desks:
        channel = Channel.WEB
    if attributes is None:
        attributes = {}
        if any(q["code"] == "road" for q in category.all_questions()):
            road = _pick(rng, ROAD_MIX)
            if road:
                attributes["road"] = road
    desk = agent = None
    if channel in AT_THE_OFFICE:
        # Residents walk into, or call, the office of their neighbourhood: the more hours
        # an office is open, the more of them it sees.
        desk = rng.choices(desks, weights=[d.weekly_hours for d in desks])[0]
        agent = rng.choice(desk.agents)
        created_at = clock.at_office(hours=desk.hours, open_days=desk.open_days)
        candidates = desk.streets
    else:
        if channel == Channel.FIELD:
            created_at = clock.in_the_field()
        else:
            created_at = clock.resident(evening=top.code == "noise", within_days=within_days)
        candidates = streets
    weights = [street.weight for street in candidates]
    while True:
        street = rng.choices(candidates, weights=weights)[0]
        lat = street.lat + rng.gauss(0, 0.0004)
        lon = street.lon + rng.gauss(0, 0.0006)
        try:
            location = get_locator().locate(lat=lat, lon=lon)
            break
        except LisaError:
            continue  # jittered out of the region: draw again
    return Plan(
        created_at=created_at,
        category=category,
        language=language,
        channel=channel,
        attributes=attributes,
        location=location,
        lat=lat,
        lon=lon,
        street=street,
        address=street.address(language=language, rng=rng),
        desk=desk,
        agent=agent,
    )


def _add_repeats(plans: list[Plan], *, rng: random.Random, clock: Clock) -> None:
    """Turn a few plans into a second resident reporting what another already did, at the
    same spot within a few days, while the problem is there to see: the duplicates staff see."""
    for index in range(len(plans)):
        if rng.random() >= REPEATED or plans[index].channel in AT_THE_OFFICE:
            continue
        first = rng.choice(plans)
        later = first.created_at + dt.timedelta(days=rng.uniform(0.05, 1.5))
        if later >= clock.now or first is plans[index]:
            continue
        lat = first.lat + rng.gauss(0, 0.0001)
        lon = first.lon + rng.gauss(0, 0.00015)
        try:
            location = get_locator().locate(lat=lat, lon=lon)
        except LisaError:
            continue
        language = plans[index].language
        plans[index] = replace(
            plans[index],
            created_at=clock.unique(later),
            category=first.category,
            attributes=first.attributes,
            location=location,
            lat=lat,
            lon=lon,
            street=first.street,
            address=first.street.address(language=language, rng=rng),
        )


def _make(plan: Plan, *, rng: random.Random) -> Report:
    reporter = None
    if plan.channel != Channel.FIELD and rng.random() < 0.75:
        n = rng.randint(1000, 9999)
        reporter = ReporterDetails(
            name=f"Demo Resident {n}",
            email=f"resident{n}@example.org" if rng.random() < 0.8 else "",
            phone=f"+32 470 00 {n // 100:02d} {n % 100:02d}" if rng.random() < 0.5 else "",
            language=plan.language,
            consents_to_contact=rng.random() < 0.7,
        )
    result = report_create(
        category=plan.category,
        lat=plan.lat,
        lon=plan.lon,
        description=rng.choice(DESCRIPTIONS[plan.category.code][plan.language]),
        channel=plan.channel,
        address=plan.address,
        attributes=plan.attributes,
        reporter=reporter,
        language=plan.language,
        by=plan.agent,
        registered_at_office=plan.desk.office if plan.desk else None,
        now=plan.created_at,
        notify=False,
    )
    return result.report


def _play_history(seeding: Seeding, *, report: Report, location: Location) -> None:
    """Move the report along a plausible path, stopping at today."""
    rng, clock = seeding.rng, seeding.clock
    moment = report.created_at
    seeding.ended_at[report.pk] = None

    def next_moment(after_days: float) -> dt.datetime:
        return clock.staff(after=moment, working_days=after_days)

    def step(
        to_status: str,
        after_days: float = 0,
        *,
        at: dt.datetime | None = None,
        message: bool = False,
        reason: str = "",
        by: User | None = None,
        transfer_to: Organisation | None = None,
        duplicate_of: Report | None = None,
    ) -> bool:
        nonlocal moment
        at = at or next_moment(after_days)
        if at >= clock.now:
            return False
        moment = at
        if to_status == Status.CLOSED:
            seeding.timeline.later(Closing(created_at=at, report=report))
            return True
        messages = PUBLIC_MESSAGES.get(to_status, {}).get(report.language)
        report_transition(
            report=report,
            to_status=to_status,
            by=by or _handler(seeding, report),
            now=at,
            public_message=rng.choice(messages) if message and messages else "",
            reason=reason,
            to_organisation=transfer_to,
            duplicate_of=duplicate_of,
            notify=False,  # a year played back: no resident is e-mailed today
        )
        if to_status in ENDED and seeding.ended_at[report.pk] is None:
            seeding.ended_at[report.pk] = at
        return True

    _follow_a_path(seeding, report=report, location=location, step=step, next_moment=next_moment)
    seeding.earlier.setdefault(report.category_id, []).append(report)


def _follow_a_path(
    seeding: Seeding,
    *,
    report: Report,
    location: Location,
    step: Callable[..., bool],
    next_moment: Callable[[float], dt.datetime],
) -> None:
    rng = seeding.rng
    deadline_days = report.category.deadline_days or 10  # working days, as the steps
    # How long the organisation takes to solve the problem once it has it: most within the
    # deadline (a bag of rubbish in days, a broken pavement in weeks), some late.
    total = deadline_days * (
        rng.uniform(0.35, 0.95) if rng.random() < ON_TIME else rng.uniform(1.1, 3)
    )
    acknowledged = min(rng.uniform(0.05, 2), 0.25 * total)
    at = next_moment(acknowledged)
    master = _open_report_nearby(seeding, report=report, at=at)
    if master is not None and rng.random() < 0.8:
        step(Status.DUPLICATE, at=at, duplicate_of=master)
        return
    roll = rng.random()
    if roll < 0.04:
        step(Status.REJECTED, rng.uniform(0.1, 3), message=True)
        return
    if not step(Status.ACKNOWLEDGED, at=at):
        return
    if roll < 0.12 and report.organisation is not None:
        by = _handler(seeding, report)
        language = by.language if by is not None else "fr"
        passed = transfer_for(
            lineage=[c.code for c in report.category.lineage()],
            organisation=report.organisation,
            location=location,
            language=language,
        )
        if passed is not None:
            if not step(
                Status.TRANSFERRED,
                rng.uniform(0.5, 3),
                by=by,
                transfer_to=passed.organisation,
                reason=passed.reason,
            ):
                return
            if not step(Status.ACKNOWLEDGED, rng.uniform(0.1, 2)):
                return
    # Some reports stall along the way, left aside for weeks before someone takes them up
    # again: the backlog every office knows. Only the recent ones still wait today.
    started = total * rng.uniform(0.1, 0.4)
    if not step(Status.IN_PROGRESS, started + _stall(rng, deadline_days, 0.05)):
        return
    stalled = _stall(rng, deadline_days, 0.07)
    waits = rng.random() < 0.1
    if waits and not (
        step(Status.WAITING, total * rng.uniform(0.05, 0.3))
        and step(Status.IN_PROGRESS, max(deadline_days, 2) * rng.uniform(1, 3))
    ):
        return
    if not step(Status.RESOLVED, max(total - acknowledged - started, 0.05) + stalled, message=True):
        return
    if rng.random() < 0.04:
        if not step(Status.REOPENED, rng.uniform(1, 6), message=True):
            return
        if not step(Status.IN_PROGRESS, rng.uniform(0.5, 3)) or not step(
            Status.RESOLVED, rng.uniform(2, 10), message=True
        ):
            return
    if rng.random() < 0.9:
        step(Status.CLOSED, rng.uniform(5, 10))


def _stall(rng: random.Random, deadline_days: int, chance: float) -> float:
    """Return how many working days a report is left aside (none, most of the time)."""
    return max(deadline_days, 2) * rng.uniform(2, 4) if rng.random() < chance else 0.0


def _open_report_nearby(seeding: Seeding, *, report: Report, at: dt.datetime) -> Report | None:
    """Return the latest earlier report of the category, nearby, still open at `at`.

    Histories are played whole, one report after another: the earlier report must also be
    one that may still be a master now (open or resolved), as report_transition checks.
    """
    for earlier in reversed(seeding.earlier.get(report.category_id, [])):
        ended = seeding.ended_at.get(earlier.pk)
        if (
            earlier.status in MASTER_STATUSES
            and earlier.created_at < report.created_at
            and (ended is None or ended > at)
            and abs(earlier.lat - report.lat) < NEAR_LAT
            and abs(earlier.lon - report.lon) < NEAR_LON
        ):
            return earlier
    return None


def _handler(seeding: Seeding, report: Report) -> User | None:
    """Return one of the demo staff who may move the report along, if any: those of the
    report's office first, and a coordinator only for the reports of their office's
    catchment, as in the back office."""
    staff = [
        (user, office_id)
        for user, office_id in seeding.handlers.get(report.organisation_id or 0, [])
        if can_handle(user, report)
    ]
    local = [user for user, office_id in staff if office_id == report.office_id]
    users = local or [user for user, _office_id in staff]
    return seeding.rng.choice(users) if users else None


def _handlers() -> dict[int, list[tuple[User, int | None]]]:
    """Return the staff who move reports along, with their office, by organisation."""
    handlers: dict[int, list[tuple[User, int | None]]] = {}
    for membership in Membership.objects.filter(
        role__in=HANDLING_ROLES, is_active=True
    ).select_related("user"):
        handlers.setdefault(membership.organisation_id, []).append(
            (membership.user, membership.office_id)
        )
    return handlers


def _desks(clock: Clock, streets: list[Street]) -> list[Desk]:
    """Return the open offices with a desk agent, their hours and the streets they serve."""
    agents: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        role=Role.FRONT_DESK_AGENT, is_active=True, user__is_active=True, office__isnull=False
    ).select_related("user"):
        if membership.office_id is not None:
            agents.setdefault(membership.office_id, []).append(membership.user)
    desks = []
    for office in Office.objects.filter(
        status=OfficeStatus.OPERATIONAL, id__in=list(agents)
    ).prefetch_related("opening_hours"):
        hours: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for slot in office.opening_hours.all():
            hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
        open_days = clock.open_days(hours=hours, opened_on=office.opened_on)
        served = [street for street in streets if street.office_id == office.id]
        if open_days and served:
            desks.append(Desk(office, agents[office.id], hours, open_days, served))
    return desks


def _pick(rng: random.Random, mix: dict[T, int]) -> T:
    return rng.choices(list(mix), weights=list(mix.values()))[0]
