"""Draw what a year of reports looks like, as arrays: places, categories, moments, histories.

Used by generate_reports; nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.utils import timezone

from bench.points import GeographyMissing, RegionSampler, area_ids, require_geography
from lisa.accounts.calendars import deadline_for
from lisa.accounts.models import Organisation
from lisa.demo.reports import CATEGORY_MIX, CHANNEL_MIX, LANGUAGE_MIX, ROAD_MIX
from lisa.demo.texts import DESCRIPTIONS
from lisa.geo.models import AreaKind
from lisa.reports.models import Category, Status

DAY = 86_400.0
HOUR = 3_600.0

# What happens to a report once made: paths through the allowed transitions
# (lisa.reports.actions.TRANSITIONS), with their shares. A report moves along
# its path until the next step would be in the future.
PATHS: tuple[tuple[tuple[str, ...], float], ...] = (
    ((Status.REJECTED,), 0.05),
    ((Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED), 0.67),
    (
        (
            Status.ACKNOWLEDGED,
            Status.IN_PROGRESS,
            Status.WAITING,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.CLOSED,
        ),
        0.10,
    ),
    ((Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED), 0.14),
    (
        (
            Status.ACKNOWLEDGED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.REOPENED,
            Status.IN_PROGRESS,
            Status.RESOLVED,
            Status.CLOSED,
        ),
        0.04,
    ),
)
# Some reports stall along the way: the backlog every office knows.
STALLED_NEW = 0.02
STALLED_AFTER_ACKNOWLEDGED = 0.05
STALLED_AFTER_IN_PROGRESS = 0.07
# Days from one status to the next (plus up to six hours), uniform in [low, high).
STEP_DAYS: dict[tuple[str, str], tuple[float, float]] = {
    (Status.NEW, Status.REJECTED): (0.1, 3),
    (Status.NEW, Status.ACKNOWLEDGED): (0.05, 2),
    (Status.ACKNOWLEDGED, Status.IN_PROGRESS): (0.5, 6),
    (Status.IN_PROGRESS, Status.WAITING): (1, 5),
    (Status.WAITING, Status.IN_PROGRESS): (3, 20),
    (Status.RESOLVED, Status.CLOSED): (5, 10),
    (Status.RESOLVED, Status.REOPENED): (1, 6),
    (Status.REOPENED, Status.IN_PROGRESS): (0.5, 3),
}
# Resolution takes a share of the deadline: most are on time, the rest late.
ON_TIME = 0.72
CALENDAR_DAYS_PER_WORKING_DAY = 7 / 5


FALLBACK_DESCRIPTION = "Signalement de test (benchmark)."

STATUSES = ["", *Status.values]  # code 0 is the empty "from" of the creation row
STATUS_CODE = {status: code for code, status in enumerate(STATUSES)}
MAX_STEPS = max(len(path) for path, _share in PATHS)


@dataclass
class Plan:
    """Every column of the reports to create, one array entry per report."""

    lats: np.ndarray
    lons: np.ndarray
    municipality: np.ndarray
    police_zone: np.ndarray
    neighbourhood: np.ndarray
    office_catchment: np.ndarray
    category: np.ndarray  # index into Choices.categories
    road: np.ndarray  # index into Choices.roads, -1 for no answer
    channel: np.ndarray  # index into Choices.channels
    language: np.ndarray  # index into Choices.languages
    description: np.ndarray  # str
    day: np.ndarray  # local date as days since 1970-01-01
    created: np.ndarray  # seconds since 1970-01-01 UTC
    path: np.ndarray  # index into PATHS
    steps: np.ndarray  # steps of the path taken so far
    times: np.ndarray  # (n, MAX_STEPS + 1) seconds; column 0 is the creation
    route: np.ndarray  # index into the routes
    deadline: np.ndarray  # datetime.date

    def __len__(self) -> int:
        return len(self.created)

    def reorder(self, order: np.ndarray) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name)[order])


@dataclass(frozen=True)
class Choices:
    categories: list[Category]
    roads: list[str]
    channels: list[str]
    languages: list[str]


def load_choices() -> Choices:
    """Return what reports are drawn from, or raise GeographyMissing before load_brussels."""
    require_geography()
    categories = list(Category.objects.filter(is_active=True).select_related("parent"))
    if not categories:
        raise GeographyMissing()
    return Choices(
        categories=categories,
        roads=[road for road in ROAD_MIX if road],
        channels=[str(channel) for channel in CHANNEL_MIX],
        languages=list(LANGUAGE_MIX),
    )


def draw_plan(n: int, *, rng: np.random.Generator, now: dt.datetime, choices: Choices) -> Plan:
    """Return n reports drawn over the year before now, located and with their paths."""
    points = RegionSampler().inside(n, rng=rng)
    category = _draw_categories(n, rng=rng, categories=choices.categories)
    top_of = [_top(each) for each in choices.categories]
    language = _draw(rng, n, list(LANGUAGE_MIX.values()))
    noisy = np.array([top.code == "noise" for top in top_of])[category]
    day, created = _draw_moments(rng=rng, now=now, noisy=noisy)
    deadline_days = np.array([c.deadline_days for c in choices.categories])[category]
    path, steps, times = _draw_histories(
        rng=rng, now=now, created=created, deadline_days=deadline_days
    )
    return Plan(
        lats=points.lats,
        lons=points.lons,
        municipality=area_ids(points.located[AreaKind.MUNICIPALITY]),
        police_zone=area_ids(points.located[AreaKind.POLICE_ZONE]),
        neighbourhood=area_ids(points.located[AreaKind.NEIGHBOURHOOD]),
        office_catchment=area_ids(points.located[AreaKind.OFFICE_CATCHMENT]),
        category=category,
        road=_draw_roads(rng, category=category, choices=choices),
        channel=_draw(rng, n, list(CHANNEL_MIX.values())),
        language=language,
        description=_draw_descriptions(
            rng, categories=choices.categories, category=category, language=language
        ),
        day=day,
        created=created,
        path=path,
        steps=steps,
        times=times,
        route=np.zeros(n, dtype=np.int64),
        deadline=np.full(n, None, dtype=object),  # set_deadlines, once routed
    )


def _draw(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    shares = np.asarray(weights, dtype=float)
    return rng.choice(len(shares), size=n, p=shares / shares.sum())


def _top(category: Category) -> Category:
    return category.lineage()[-1]


def _draw_categories(n: int, *, rng: np.random.Generator, categories: list[Category]) -> np.ndarray:
    """Return category indexes: a top category by CATEGORY_MIX, then mostly a sub-category."""
    tops = [index for index, c in enumerate(categories) if c.parent_id is None]
    weights = [CATEGORY_MIX.get(categories[index].code, 1) for index in tops]
    chosen = np.array(tops)[_draw(rng, n, weights)]
    refine = rng.random(n) < 0.9
    for top in tops:
        children = [i for i, c in enumerate(categories) if c.parent_id == categories[top].id]
        where = np.flatnonzero((chosen == top) & refine)
        if children and len(where):
            chosen[where] = np.array(children)[rng.integers(len(children), size=len(where))]
    return chosen


def _draw_roads(rng: np.random.Generator, *, category: np.ndarray, choices: Choices) -> np.ndarray:
    """Return the answer to the "road" question where the category asks it, else -1."""
    answer = np.array([choices.roads.index(road) if road else -1 for road in ROAD_MIX])
    drawn = answer[_draw(rng, len(category), list(ROAD_MIX.values()))]
    asks = np.array([_asks_road(c) for c in choices.categories])
    return np.where(asks[category], drawn, -1)


def _asks_road(category: Category) -> bool:
    return any(q.get("code") == "road" for q in category.all_questions())


def _draw_descriptions(
    rng: np.random.Generator,
    *,
    categories: list[Category],
    category: np.ndarray,
    language: np.ndarray,
) -> np.ndarray:
    """Return a description per report, of its category and in its language, from the demo's."""
    texts: list[str] = []
    first = np.zeros((len(categories), len(LANGUAGE_MIX)), dtype=np.int64)
    count = np.zeros_like(first)
    for c, each in enumerate(categories):
        for lang, code in enumerate(LANGUAGE_MIX):
            found = DESCRIPTIONS.get(each.code, {}).get(code) or [FALLBACK_DESCRIPTION]
            first[c, lang], count[c, lang] = len(texts), len(found)
            texts.extend(found)
    pick = rng.integers(1 << 30, size=len(category)) % count[category, language]
    return np.array(texts, dtype=object)[first[category, language] + pick]


def _draw_moments(
    *, rng: np.random.Generator, now: dt.datetime, noisy: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (local day, UTC seconds) of each report, over the past 365 days.

    Fewer reports at weekends, and noise in summer and in the evening, as in the demo.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    local_now = timezone.localtime(now, zone)
    today = local_now.date()
    days = [today - dt.timedelta(days=back) for back in range(366)]
    weekend = np.array([day.weekday() >= 5 for day in days])
    summer = np.array([day.month in (5, 6, 7, 8, 9) for day in days])
    n = len(noisy)
    back = np.full(n, -1)
    while (todo := np.flatnonzero(back < 0)).size:
        candidate = rng.integers(0, 365, size=todo.size)
        weight = np.where(weekend[candidate], 0.45, 1.0)
        weight = np.where(noisy[todo] & summer[candidate], weight * 1.6, weight)
        accepted = rng.random(todo.size) < weight / 1.6
        back[todo[accepted]] = candidate[accepted]
    hour = np.clip(rng.normal(np.where(noisy, 21.0, 14.0), 3.0), 0, 23.99)
    seconds = np.floor(hour * 60) * 60
    # Today, only up to five minutes ago.
    now_seconds = local_now.hour * HOUR + local_now.minute * 60 + local_now.second
    back[(back == 0) & (seconds > now_seconds - 300)] = 1
    # The UTC offset of each local hour of the past year (two values: winter, summer).
    offsets = np.array(
        [
            [
                dt.datetime.combine(day, dt.time(h), zone).utcoffset().total_seconds()
                for h in range(24)
            ]
            for day in days
        ]
    )
    epoch_days = np.array([(day - dt.date(1970, 1, 1)).days for day in days])
    local_day = epoch_days[back]
    created = local_day * DAY + seconds - offsets[back, (seconds // HOUR).astype(int)]
    return local_day, created


def _draw_histories(
    *,
    rng: np.random.Generator,
    now: dt.datetime,
    created: np.ndarray,
    deadline_days: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (path, steps taken, step times) per report; no step is later than now."""
    n = len(created)
    path = _draw(rng, n, [share for _path, share in PATHS])
    limit = np.array([len(steps) for steps, _share in PATHS])[path]
    # One roll decides whether a report stalls, and after how many steps: never
    # picked up, after its acknowledgement, or once in progress.
    bands = np.cumsum([STALLED_NEW, STALLED_AFTER_ACKNOWLEDGED, STALLED_AFTER_IN_PROGRESS])
    stall_after = np.searchsorted(bands, rng.random(n), side="right")  # 3: no stall
    stalls = (stall_after < len(bands)) & (limit > 1)  # a rejection does not stall
    limit = np.where(stalls, np.minimum(limit, stall_after), limit)
    times = np.full((n, MAX_STEPS + 1), np.inf)  # steps beyond a path never come
    times[:, 0] = created
    on_time = rng.random(n) < ON_TIME
    for number, (steps, _share) in enumerate(PATHS):
        rows = np.flatnonzero(path == number)
        previous: str = Status.NEW
        for step, status in enumerate(steps, start=1):
            if (previous, status) == (Status.IN_PROGRESS, Status.RESOLVED):
                share = np.where(
                    on_time[rows],
                    rng.uniform(0.3, 0.9, rows.size),
                    rng.uniform(1.1, 3.0, rows.size),
                )
                days = share * deadline_days[rows] * CALENDAR_DAYS_PER_WORKING_DAY
            else:
                low, high = STEP_DAYS[(previous, status)]
                days = rng.uniform(low, high, rows.size)
            delay = days * DAY + rng.uniform(0, 6 * HOUR, rows.size)
            times[rows, step] = times[rows, step - 1] + delay
            previous = status
    # Steps are in time order, so those done are the first ones before now.
    before_now = times[:, 1:] < now.timestamp()
    taken = np.minimum(before_now.sum(axis=1), limit)
    return path, taken, times


def set_deadlines(plan: Plan, *, choices: Choices, organisations: Sequence[int | None]) -> None:
    """Set each report's deadline: its category's working days after the local day made,
    in the calendar of the organisation its route (plan.route) leads to."""
    deadline_days = np.array([c.deadline_days for c in choices.categories])[plan.category]
    organisation = np.array([-1 if o is None else o for o in organisations])[plan.route]
    keys, inverse = np.unique(
        np.stack([plan.day, deadline_days, organisation]), axis=1, return_inverse=True
    )
    by_id = Organisation.objects.in_bulk({o for o in organisations if o is not None})
    epoch = dt.date(1970, 1, 1)
    deadlines = [
        deadline_for(
            organisation=by_id.get(int(o)),
            start=epoch + dt.timedelta(days=int(d)),
            days=int(days),
        )
        for d, days, o in keys.T
    ]
    plan.deadline = np.array(deadlines, dtype=object)[inverse.ravel()]


@dataclass(frozen=True)
class History:
    """The status changes of every report, in report order then time order."""

    report: np.ndarray  # position of the report in the plan
    from_status: np.ndarray  # code in STATUSES
    to_status: np.ndarray
    at: np.ndarray  # seconds since 1970-01-01 UTC
    first: np.ndarray  # first row of each report (and the total at the end)
    status: np.ndarray  # the current status of each report, as a code
    status_changed: np.ndarray  # seconds


def history_of(plan: Plan) -> History:
    """Return the status changes of the plan's reports, as its paths and steps say."""
    table = np.zeros((len(PATHS), MAX_STEPS + 1), dtype=np.int64)
    table[:, 0] = STATUS_CODE[Status.NEW]
    for number, (steps, _share) in enumerate(PATHS):
        table[number, 1 : len(steps) + 1] = [STATUS_CODE[s] for s in steps]
    counts = plan.steps + 1
    first = np.concatenate([[0], np.cumsum(counts)])
    report = np.repeat(np.arange(len(plan)), counts)
    step = np.arange(first[-1]) - first[report]
    path = plan.path[report]
    to_status = table[path, step]
    from_status = np.where(step > 0, table[path, np.maximum(step - 1, 0)], 0)
    last = np.arange(len(plan))
    return History(
        report=report,
        from_status=from_status,
        to_status=to_status,
        at=plan.times[report, step],
        first=first,
        status=table[plan.path, plan.steps],
        status_changed=plan.times[last, plan.steps],
    )
