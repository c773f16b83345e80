"""Generate up to a million valid reports quickly, for the benchmarks that need many.

This is a benchmark data path. It deliberately bypasses `report_create`, the
one write path of the application, for speed: through it every report costs a
locate, a route and a dozen queries with its history (about 10 ms on SQLite,
close to three hours for a million). Here every point is drawn and located at
once (`Locator.locate_many`), each distinct (category, answers, place) is
routed once with `lisa.reports.routing.route`, and the rows go in by large
batches in one transaction: `bulk_create` on SQLite, COPY on PostgreSQL.

The rows are what `report_create` and `report_transition` would have
written: references that continue the ReferenceCounter (updated before
commit, so later `report_create` calls go on from there), the located areas,
the routing decision and its reason, the deadline in working days, and an
append-only history whose first row is the creation ("" → new) and whose
other rows follow the allowed transitions up to the current status.

It writes no reporter contact details (no Reporter rows) and sends nothing:
the reports are anonymous and nobody is e-mailed. It creates no duplicates and
no transfers. Use it on a benchmark database, never on a production one.

    .venv/bin/python manage.py load_brussels      # first, with the same DATABASE_URL
    .venv/bin/python bench/generate_reports.py 100000
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
    import django

    django.setup()

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Model
from django.test.utils import override_settings
from django.utils import timezone

from bench import report_plan
from bench.points import GeographyMissing
from bench.report_plan import STATUSES, Choices, History, Plan
from lisa.geo.locator import Location, get_locator
from lisa.lib.geometry import report_cell
from lisa.reports.actions import format_reference
from lisa.reports.models import Channel, ReferenceCounter, Report, Status, StatusChange
from lisa.reports.questions import clean_answers
from lisa.reports.routing import office_serving, route

ModelT = TypeVar("ModelT", bound=Model)

DEFAULT_SEED = 2026
DEFAULT_BATCH_SIZE = 20_000
PUBLIC_MESSAGES = {
    Status.REJECTED: "Ce signalement ne relève pas de nos services.",
    Status.RESOLVED: "Le problème a été traité. Merci pour votre signalement.",
    Status.REOPENED: "Le problème persiste selon le riverain.",
}


@dataclass(frozen=True)
class RoutedTo:
    organisation_id: int | None
    rule_id: int | None
    reason: dict[str, Any]  # routing_reason
    office_id: int | None
    serving_office_id: int | None  # where a desk report is registered


def generate_reports(
    n: int,
    *,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create n reports made over the past year, with their history; return how many.

    Raise bench.points.GeographyMissing when `manage.py load_brussels` has not run.
    """
    if n <= 0:
        return 0
    now = now or timezone.now()
    rng = np.random.default_rng(seed)
    choices = report_plan.load_choices()
    plan = report_plan.draw_plan(n, rng=rng, now=now, choices=choices)
    routes = _route(plan, choices=choices)
    report_plan.set_deadlines(
        plan, choices=choices, organisations=[route.organisation_id for route in routes]
    )
    # References follow time: number the reports oldest first.
    plan.reorder(np.argsort(plan.created, kind="stable"))
    write = _write_with_copy if connection.vendor == "postgresql" else _write_with_bulk_create
    # DEBUG logs every query and, on SQLite, quotes its parameters with one more
    # query each: it would double the time spent here.
    with override_settings(DEBUG=False), transaction.atomic():
        years = _years(plan)
        counters = _lock_counters(sorted(set(years.tolist())))
        references = _references(years, counters)
        history = report_plan.history_of(plan)
        for start in range(0, n, batch_size):
            stop = min(n, start + batch_size)
            write(
                plan=plan,
                rows=slice(start, stop),
                history=history,
                references=references,
                choices=choices,
                routes=routes,
                now=now,
            )
            if progress:
                progress(stop)
        for year, counter in counters.items():
            ReferenceCounter.objects.filter(pk=counter.pk).update(
                last=counter.last + int((years == year).sum())
            )
    return n


def _route(plan: Plan, *, choices: Choices) -> list[RoutedTo]:
    """Route each distinct (category, answers, place) once; set plan.route; return routes."""
    keys = np.stack(
        [
            plan.category,
            plan.road,
            plan.municipality,
            plan.police_zone,
            plan.neighbourhood,
            plan.office_catchment,
        ],
        axis=1,
    )
    distinct, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    areas = get_locator().areas_by_id
    routes = []
    for row, (category_index, road, municipality, zone, neighbourhood, catchment) in zip(
        first.tolist(), distinct.tolist(), strict=True
    ):
        category = choices.categories[category_index]
        answers = clean_answers(
            category=category,
            answers={"road": choices.roads[road]} if road >= 0 else {},
        )
        location = Location(
            lat=float(plan.lats[row]),
            lon=float(plan.lons[row]),
            municipality=areas[municipality],
            police_zone=areas.get(zone),
            neighbourhood=areas.get(neighbourhood),
            office_catchment=areas.get(catchment),
        )
        decision = route(category=category, location=location, attributes=answers)
        serving = office_serving(location)
        office = decision.office or serving
        routes.append(
            RoutedTo(
                organisation_id=decision.organisation.id if decision.organisation else None,
                rule_id=decision.rule.id if decision.rule else None,
                reason=decision.as_reason(),
                office_id=office.id if office else None,
                serving_office_id=serving.id if serving else None,
            )
        )
    plan.route = inverse.ravel()
    return routes


def _years(plan: Plan) -> np.ndarray:
    return plan.day.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970


def _lock_counters(years: list[int]) -> dict[int, ReferenceCounter]:
    """Return the reference counter of each year, locked until commit."""
    prefix = settings.LISA_REFERENCE_PREFIX
    counters = {}
    for year in years:
        counter, _created = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        counters[year] = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    return counters


def _references(years: np.ndarray, counters: dict[int, ReferenceCounter]) -> list[str]:
    """Return the references of the plan, numbered on from each year's counter."""
    prefix = settings.LISA_REFERENCE_PREFIX
    numbers = np.zeros(len(years), dtype=np.int64)
    for year, counter in counters.items():
        rows = np.flatnonzero(years == year)
        numbers[rows] = counter.last + 1 + np.arange(len(rows))
    return [
        format_reference(prefix=prefix, year=year, number=number)
        for year, number in zip(years.tolist(), numbers.tolist(), strict=True)
    ]


def _datetimes(seconds: np.ndarray) -> list[dt.datetime]:
    """Return aware UTC datetimes, to the microsecond, from seconds since 1970."""
    naive = (seconds * 1e6).astype("datetime64[us]").astype(object)
    return [moment.replace(tzinfo=dt.UTC) for moment in naive]


@dataclass(frozen=True)
class Rows:
    """The values of a batch of reports and of their history, column by column."""

    report: dict[str, list[Any]]
    history: dict[str, list[Any]]
    history_report: list[int]  # position of each history row's report within the batch


def _rows(
    *,
    plan: Plan,
    rows: slice,
    history: History,
    references: list[str],
    choices: Choices,
    routes: list[RoutedTo],
    now: dt.datetime,
) -> Rows:
    routed = [routes[index] for index in plan.route[rows].tolist()]
    categories = [choices.categories[index] for index in plan.category[rows].tolist()]
    channels = [choices.channels[index] for index in plan.channel[rows].tolist()]
    roads = plan.road[rows].tolist()
    answers = {-1: {}, **{index: {"road": road} for index, road in enumerate(choices.roads)}}
    report = {
        "reference": references[rows],
        "category_id": [category.id for category in categories],
        "description": plan.description[rows].tolist(),
        "attributes": [answers[road] for road in roads],
        "lat": plan.lats[rows].tolist(),
        "lon": plan.lons[rows].tolist(),
        "grid_cell": [
            report_cell(lat, lon)
            for lat, lon in zip(plan.lats[rows].tolist(), plan.lons[rows].tolist(), strict=True)
        ],
        "address": [""] * len(routed),
        "municipality_id": plan.municipality[rows].tolist(),
        "police_zone_id": _none_for_missing(plan.police_zone[rows]),
        "neighbourhood_id": _none_for_missing(plan.neighbourhood[rows]),
        "office_id": [route.office_id for route in routed],
        "channel": channels,
        "status": [STATUSES[code] for code in history.status[rows].tolist()],
        "is_public": [not category.is_private for category in categories],
        "organisation_id": [route.organisation_id for route in routed],
        "routing_rule_id": [route.rule_id for route in routed],
        "routing_reason": [route.reason for route in routed],
        "deadline": plan.deadline[rows].tolist(),
        "language": [choices.languages[index] for index in plan.language[rows].tolist()],
        # A desk report is registered at the office serving the place, as in the demo.
        "registered_at_office_id": [
            route.serving_office_id if channel == Channel.DESK else None
            for route, channel in zip(routed, channels, strict=True)
        ],
        "created_at": _datetimes(plan.created[rows]),
        "status_changed_at": _datetimes(history.status_changed[rows]),
        "updated_at": [now] * len(routed),
    }
    lines = slice(int(history.first[rows.start]), int(history.first[rows.stop]))
    positions = (history.report[lines] - rows.start).tolist()
    to_statuses = [STATUSES[code] for code in history.to_status[lines].tolist()]
    organisations = report["organisation_id"]
    changes = {
        "from_status": [STATUSES[code] for code in history.from_status[lines].tolist()],
        "to_status": to_statuses,
        "organisation_id": [organisations[position] for position in positions],
        "at": _datetimes(history.at[lines]),
        "public_message": [PUBLIC_MESSAGES.get(status, "") for status in to_statuses],
        "reason": [""] * len(positions),
    }
    return Rows(report=report, history=changes, history_report=positions)


def _none_for_missing(ids: np.ndarray) -> list[int | None]:
    return [value if value >= 0 else None for value in ids.tolist()]


def _write_with_bulk_create(**batch: Any) -> None:
    rows = _rows(**batch)
    reports = _instances(Report, rows.report)
    Report.objects.bulk_create(reports)
    ids = [report.pk for report in reports]
    if None in ids:
        raise RuntimeError(f"{connection.vendor} does not return the ids of bulk inserts")
    rows.history["report_id"] = [ids[position] for position in rows.history_report]
    StatusChange.objects.bulk_create(_instances(StatusChange, rows.history))


def _instances(model: type[ModelT], columns: dict[str, list[Any]]) -> list[ModelT]:
    """Return unsaved instances from columns of values named by attribute (NULL if absent)."""
    fields = model._meta.concrete_fields
    unknown = set(columns) - {field.attname for field in fields}
    required = {f.attname for f in fields if not (f.null or f.primary_key)} - set(columns)
    if unknown or required:
        raise ValueError(f"{model.__name__}: unknown {unknown or '-'}, missing {required or '-'}")
    count = len(next(iter(columns.values())))
    nothing = [None] * count
    values = [columns.get(field.attname, nothing) for field in fields]
    # Positional arguments in field order are Django's fast path (Model.from_db uses it).
    return [model(*row) for row in zip(*values, strict=True)]


def _write_with_copy(**batch: Any) -> None:
    rows = _rows(**batch)
    count = len(rows.report["reference"])
    # COPY takes JSON as text; the few distinct values are encoded once each.
    encoded: dict[int, str] = {}
    for column in ("attributes", "routing_reason"):
        rows.report[column] = [
            encoded.get(id(value)) or encoded.setdefault(id(value), json.dumps(value))
            for value in rows.report[column]
        ]
    raw = connection.connection
    with raw.cursor() as cursor:
        # Ids are taken from the table's own sequence, as inserts would.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Report._meta.db_table, count],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        rows.history["report_id"] = [ids[position] for position in rows.history_report]
        _copy(cursor, Report, {"id": ids, **rows.report})
        _copy(cursor, StatusChange, rows.history)


def _copy(cursor: Any, model: type[Model], columns: dict[str, list[Any]]) -> None:
    """Send columns of values to the table with COPY; the columns left out get NULL."""
    quote = connection.ops.quote_name
    column_of = {f.attname: f.column for f in model._meta.concrete_fields if f.column}
    names = ", ".join(quote(column_of[name]) for name in columns)
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in zip(*columns.values(), strict=True):
            copy.write_row(row)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="how many reports to create (up to 1,000,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="reports per insert batch"
    )
    options = parser.parse_args(argv)
    database = connection.settings_dict["NAME"]
    print(f"generating {options.count:,} reports in {connection.vendor} database {database}")
    started = time.perf_counter()

    def progress(done: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"  {done:>9,} reports  {elapsed:7.1f} s", flush=True)

    try:
        created = generate_reports(
            options.count, seed=options.seed, batch_size=options.batch_size, progress=progress
        )
    except (GeographyMissing, OperationalError) as error:
        print(error, file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    rate = created / elapsed if elapsed else 0.0
    print(f"{created:,} reports in {elapsed:.1f} s: {rate:,.0f} reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
