"""Keep the dashboards' rollups (`lisa.dashboards.models`) in step with the reports.

A month's rows are recomputed whole, from the reports made that month, in one transaction:
the months to recompute are those of the reports changed (`updated_at`, which every status
change and edit moves) or answered about (a satisfaction answer) since the last refresh. A
refresh started at T reads changes from T minus a margin, so that a transaction still open
at T and committed after the read is not missed: recomputing a month twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lisa.dashboards.models import DurationRollup, OverdueRollup, ReportRollup, RollupRefresh
from lisa.reports.models import (
    OPEN_STATUSES,
    Category,
    Channel,
    Report,
    Satisfaction,
    Status,
    StatusChange,
)
from lisa.reports.selectors import latest_satisfactions

# Below a week the time to resolve is kept to the hour; beyond, to the day.
HOURLY_UNTIL = 7 * 24
# A transaction may commit this long after it stamped `updated_at` and still be seen.
MARGIN = dt.timedelta(minutes=10)
DESK_CHANNELS = (Channel.DESK, Channel.PHONE)
Rollup = TypeVar("Rollup", ReportRollup, DurationRollup, OverdueRollup)
# The one row of RollupRefresh.
RUN = 1


def duration_bucket(days: float) -> int:
    """Return the bucket of a time to resolve, in hours: to the hour below a week, else day."""
    hours = max(0, math.floor(days * 24 + 1e-9))
    return hours if hours < HOURLY_UNTIL else hours - hours % 24


def month_start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time.min))


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


_PLACE = ("municipality_id", "police_zone_id", "office_id")
_KEY = (*_PLACE, "neighbourhood_id", "category_id", "language", "channel")


def _months_reports(month: dt.date):
    return Report.objects.filter(
        created_at__gte=month_start(month), created_at__lt=month_start(next_month(month))
    ).order_by()


def recompute_month(month: dt.date, *, tops: dict[int, int] | None = None) -> int:
    """Recompute one month's rollup rows from its reports; return how many rows it has."""
    tops = tops if tops is not None else top_categories()
    reports = _months_reports(month)
    ids = reports.values("pk")
    cells: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def key(row: dict, prefix: str = "") -> tuple:
        return (
            row[f"{prefix}municipality_id"],
            row[f"{prefix}police_zone_id"],
            row[f"{prefix}office_id"],
            row[f"{prefix}neighbourhood_id"],
            tops[row[f"{prefix}category_id"]],
            row[f"{prefix}language"],
            row[f"{prefix}channel"] in DESK_CHANNELS,
        )

    resolved = StatusChange.objects.filter(report=OuterRef("pk"), to_status=Status.RESOLVED)
    in_time = resolved.filter(at__date__lte=OuterRef("deadline"))
    for row in reports.values(*_KEY).annotate(
        n=Count("pk"),
        still_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        resolved=Count("pk", filter=Q(Exists(resolved))),
        due_resolved=Count("pk", filter=Q(deadline__isnull=False) & Q(Exists(resolved))),
        on_time=Count("pk", filter=Q(deadline__isnull=False) & Q(Exists(in_time))),
    ):
        cell = cells[key(row)]
        cell["reports"] += row["n"]
        for name in ("still_open", "resolved", "due_resolved", "on_time"):
            cell[name] += row[name]
    report_key = [f"report__{name}" for name in _KEY]
    changes = StatusChange.objects.filter(report__in=ids).order_by()
    for row in (
        changes.filter(to_status=Status.TRANSFERRED)
        .values(*report_key)
        .annotate(changes=Count("pk"), n=Count("report_id", distinct=True))
    ):
        cell = cells[key(row, "report__")]
        cell["transfers"] += row["changes"]
        cell["transferred_reports"] += row["n"]
    for row in (
        changes.filter(to_status=Status.REOPENED)
        .values(*report_key)
        .annotate(n=Count("report_id", distinct=True))
    ):
        cells[key(row, "report__")]["reopened_reports"] += row["n"]
    for row in (
        latest_satisfactions()
        .filter(report__in=ids)
        .order_by()
        .values(*report_key, "score")
        .annotate(n=Count("pk"))
    ):
        cells[key(row, "report__")][f"score_{row['score']}"] += row["n"]

    durations: dict[tuple, int] = defaultdict(int)
    for row in (
        changes.filter(to_status=Status.RESOLVED)
        .values("report_id", *(f"report__{name}" for name in (*_PLACE, "category_id")))
        .annotate(
            taken=ExpressionWrapper(
                Min("at") - F("report__created_at"), output_field=DurationField()
            )
        )
        .values_list(*(f"report__{name}" for name in (*_PLACE, "category_id")), "taken")
    ):
        *place, category, taken = row
        hours = duration_bucket(taken.total_seconds() / 86400)
        durations[(*place, tops[category], hours)] += 1

    # Open and never resolved, by deadline: overdue or not depends on the day it is read.
    due: dict[tuple, int] = defaultdict(int)
    for row in (
        reports.filter(status__in=OPEN_STATUSES, deadline__isnull=False)
        .exclude(Exists(resolved))
        .values(*_PLACE, "category_id", "deadline")
        .annotate(n=Count("pk"))
    ):
        place = tuple(row[name] for name in _PLACE)
        due[(*place, tops[row["category_id"]], row["deadline"])] += row["n"]

    names = ("municipality", "police_zone", "office", "category")
    cell_fields = (*names[:3], "neighbourhood", "category", "language", "desk")
    with transaction.atomic():
        RollupRefresh.objects.select_for_update().filter(pk=RUN).first()
        _replace(
            ReportRollup,
            month,
            ({**dict(zip(cell_fields, k, strict=True)), **c} for k, c in cells.items()),
        )
        _replace(
            DurationRollup,
            month,
            (
                {**dict(zip((*names, "hours"), k, strict=True)), "count": c}
                for k, c in durations.items()
            ),
        )
        _replace(
            OverdueRollup,
            month,
            (
                {**dict(zip((*names, "deadline"), k, strict=True)), "count": c}
                for k, c in due.items()
            ),
        )
    return len(cells)


def _replace(model: type[Rollup], month: dt.date, rows: Iterable[dict[str, Any]]) -> None:
    """Replace the month's rows of a rollup table (within the caller's transaction)."""
    model.objects.filter(month=month).delete()
    model.objects.bulk_create((model(month=month, **row) for row in rows), batch_size=2000)


def top_categories() -> dict[int, int]:
    """Return each category's top of the tree, by id."""
    return {pk: parent or pk for pk, parent in Category.objects.values_list("pk", "parent_id")}


def _local_months(values) -> set[dt.date]:
    months = set()
    for value in values:
        if value is not None:
            local = timezone.localdate(value) if isinstance(value, dt.datetime) else value
            months.add(local.replace(day=1))
    return months


def changed_months(since: dt.datetime) -> set[dt.date]:
    """Return the months of the reports changed or answered about since then."""
    changed = Report.objects.filter(updated_at__gte=since).order_by()
    answered = Report.objects.filter(
        pk__in=Satisfaction.objects.filter(at__gte=since).values("report_id")
    ).order_by()
    return _local_months(
        [
            *changed.annotate(m=TruncMonth("created_at")).values_list("m", flat=True).distinct(),
            *answered.annotate(m=TruncMonth("created_at")).values_list("m", flat=True).distinct(),
        ]
    )


def all_months() -> set[dt.date]:
    """Return every month with a report, and every month with rollup rows (to empty them)."""
    months = _local_months(
        Report.objects.order_by()
        .annotate(m=TruncMonth("created_at"))
        .values_list("m", flat=True)
        .distinct()
    )
    return months | set(ReportRollup.objects.values_list("month", flat=True).distinct())


def refresh(*, full: bool = False, now: dt.datetime | None = None) -> int:
    """Recompute the months changed since the last refresh (every month if full, first, or a
    category changed).

    Return how many months were recomputed.
    """
    started = now or timezone.now()
    run, _created = RollupRefresh.objects.get_or_create(
        pk=RUN, defaults={"started_at": started, "months": 0}
    )
    # A category moved in the tree changes the top category of its reports in every month.
    # Without the margin: a category's edit commits at once, and a whole rebuild costs most.
    moved = Category.objects.filter(updated_at__gte=run.started_at).exists()
    every = full or run.finished_at is None or moved
    months = all_months() if every else changed_months(run.started_at - MARGIN)
    tops = top_categories()
    for month in sorted(months):
        recompute_month(month, tops=tops)
    RollupRefresh.objects.filter(pk=RUN).update(
        started_at=started, finished_at=timezone.now(), months=len(months)
    )
    return len(months)


def rollups_built() -> bool:
    """Say whether the rollups were built at least once (else the dashboards read live)."""
    return RollupRefresh.objects.filter(pk=RUN, finished_at__isnull=False).exists()
