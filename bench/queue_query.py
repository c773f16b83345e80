"""Time the queries of the coming back-office lists with EXPLAIN ANALYZE (PostgreSQL only).

The lists, as `lisa.reports.selectors` makes them: an organisation's open
reports by deadline (the queue, also with its overdue and status filters), an
office's reports and a municipality's reports by creation date; each the first
page of 50. For each query it prints
the index the plan uses and the server's planning and execution times:

- warm: the median of `--repeats` runs in one connection, after one run that
  brings the pages into memory;
- cold: the first run in a new connection after `DISCARD ALL` (so no cached
  plan, catalogue or session state), each for an organisation, office or
  municipality not asked for before in this run.
- quiet: warm, for the organisation, office or municipality with the fewest
  reports, where a plan that walks a whole index to fill a page shows. PostgreSQL's shared buffers
  and the operating system's page cache are not emptied (that would mean
  restarting the server and dropping the machine's caches): the "read" column
  counts the pages that did not come from the shared buffers.

    DATABASE_URL=postgres://…/lisa_bench bench/generate_reports.py 1000000
    DATABASE_URL=postgres://…/lisa_bench bench/queue_query.py
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
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet

from lisa.accounts.models import Organisation
from lisa.geo.models import Area
from lisa.offices.models import Office
from lisa.reports.models import OPEN_STATUSES, Report
from lisa.reports.selectors import municipality_reports, office_reports, organisation_queue

PAGE = 50


@dataclass(frozen=True)
class Timing:
    planning_ms: float
    execution_ms: float
    indexes: tuple[str, ...]
    hit: int
    read: int


@dataclass(frozen=True)
class Query:
    name: str
    build: Callable[[Any], QuerySet[Report]]
    keys: list[Any]  # the organisations, offices or municipalities to ask for, busiest first


def queue(organisation_id: int) -> QuerySet[Report]:
    return organisation_queue(Organisation(id=organisation_id))[:PAGE]


def queue_overdue(organisation_id: int) -> QuerySet[Report]:
    overdue = organisation_queue(Organisation(id=organisation_id)).filter(
        deadline__lt=dt.date.today()
    )
    return overdue[:PAGE]


def queue_new_only(organisation_id: int) -> QuerySet[Report]:
    return organisation_queue(Organisation(id=organisation_id)).filter(status="new")[:PAGE]


def office_list(office_id: int) -> QuerySet[Report]:
    return office_reports(Office(id=office_id))[:PAGE]


def municipality_list(municipality_id: int) -> QuerySet[Report]:
    return municipality_reports(Area(id=municipality_id))[:PAGE]


def busiest(field: str, **filters: Any) -> list[Any]:
    rows = (
        Report.objects.filter(**filters)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return [row[field] for row in rows]


def explain(queryset: QuerySet[Report]) -> Timing:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        (raw,) = cursor.fetchone()
    plan = raw[0] if isinstance(raw, list) else json.loads(raw)[0]
    return Timing(
        planning_ms=plan["Planning Time"],
        execution_ms=plan["Execution Time"],
        indexes=tuple(dict.fromkeys(_index_names(plan["Plan"]))),
        hit=plan["Plan"].get("Shared Hit Blocks", 0),
        read=plan["Plan"].get("Shared Read Blocks", 0),
    )


def _index_names(node: dict[str, Any]) -> Iterator[str]:
    if "Index Name" in node:
        yield node["Index Name"]
    elif node.get("Node Type") == "Seq Scan":
        yield "(seq scan)"
    for child in node.get("Plans", []):
        yield from _index_names(child)


def cold(query: Query, key: Any) -> Timing:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
    return explain(query.build(key))


def warm(query: Query, key: Any, repeats: int) -> Timing:
    explain(query.build(key))
    runs = [explain(query.build(key)) for _ in range(repeats)]
    middle = sorted(runs, key=lambda t: t.execution_ms)[len(runs) // 2]
    return Timing(
        planning_ms=statistics.median(t.planning_ms for t in runs),
        execution_ms=middle.execution_ms,
        indexes=middle.indexes,
        hit=middle.hit,
        read=middle.read,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=9, help="warm runs per query")
    parser.add_argument("--cold", type=int, default=3, help="cold runs per query")
    options = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("this benchmark reads PostgreSQL's EXPLAIN; set DATABASE_URL to a PostgreSQL base")
        return 2
    total = Report.objects.count()
    print(f"{total:,} reports in {connection.settings_dict['NAME']}")
    organisations = busiest("organisation_id", status__in=OPEN_STATUSES)
    queries = [
        Query("queue: organisation's open reports by deadline", queue, organisations),
        Query("queue, overdue only", queue_overdue, organisations),
        Query("queue, status 'new' only", queue_new_only, organisations),
        Query("an office's reports by creation date", office_list, busiest("office_id")),
        Query(
            "a municipality's reports by creation date",
            municipality_list,
            busiest("municipality_id"),
        ),
    ]
    print(
        f"{'query':45} {'run':5} {'plan ms':>8} {'exec ms':>8} {'hit':>6} {'read':>6}  index used"
    )
    for query in queries:
        # Cold runs first, each on a key no earlier run of this query touched.
        for number, key in enumerate(query.keys[1 : 1 + options.cold], start=1):
            _print(query.name, f"cold{number}", cold(query, key))
        _print(query.name, "warm", warm(query, query.keys[0], options.repeats))
        # The quietest key: a plan that walks a whole index to fill a page shows here.
        _print(query.name, "quiet", warm(query, query.keys[-1], options.repeats))
    return 0


def _print(name: str, run: str, timing: Timing) -> None:
    print(
        f"{name[:45]:45} {run:5} {timing.planning_ms:8.2f} {timing.execution_ms:8.2f} "
        f"{timing.hit:6} {timing.read:6}  {', '.join(timing.indexes)}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
