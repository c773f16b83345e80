"""Time the admin's report list (the changelist) on a database with many reports.

Each page is asked for through Django's test client, in this process, signed
in as a superuser (`bench-admin`, created if missing: use a benchmark
database). For each page it prints the median server time of `--repeats`
requests after one warm-up, the number of SQL queries and their time, and the
slowest query. Nothing is asserted.

    DATABASE_URL=postgres://…/lisa_bench bench/generate_reports.py 1000000
    DATABASE_URL=postgres://…/lisa_bench bench/admin_list.py
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
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisa.accounts.models import User
from lisa.reports.models import Report

LIST = "/admin/reports/report/"


@dataclass(frozen=True)
class Measure:
    median_ms: float
    queries: int
    sql_ms: float
    slowest_ms: float
    slowest_sql: str


def measure(client: Client, url: str, repeats: int) -> Measure:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    timed = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    slowest_ms, slowest_sql = max(timed)
    return Measure(
        median_ms=statistics.median(times),
        queries=len(timed),
        sql_ms=sum(ms for ms, _sql in timed),
        slowest_ms=slowest_ms,
        slowest_sql=slowest_sql,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5, help="requests per page")
    options = parser.parse_args(argv)
    total = Report.objects.count()
    print(f"{total:,} reports in {connection.vendor} database {connection.settings_dict['NAME']}")
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    municipality = (
        Report.objects.values("municipality_id").annotate(n=Count("id")).order_by("n")[0]
    )["municipality_id"]
    latest = Report.objects.order_by("-created_at").values_list("created_at", "reference")[0]
    # As the admin's "this year" date filter asks for it.
    year_start = timezone.localtime(latest[0]).replace(
        month=1, day=1, hour=0, minute=0, second=0, microsecond=0
    )
    year = urlencode(
        {
            "created_at__gte": str(year_start),
            "created_at__lt": str(year_start.replace(year=year_start.year + 1)),
        }
    )
    pages = {
        "unfiltered, first page": LIST,
        "unfiltered, page 20": f"{LIST}?p=20",
        "status new": f"{LIST}?status__exact=new",
        "quietest municipality": f"{LIST}?municipality__id__exact={municipality}",
        "status closed + quietest municipality": (
            f"{LIST}?status__exact=closed&municipality__id__exact={municipality}"
        ),
        "search a reference": f"{LIST}?q={latest[1]}",
        "search a word (every reference, address)": f"{LIST}?q=rue",
        "sorted by reference (a column clicked)": f"{LIST}?o=1",
        "oldest first (a column clicked)": f"{LIST}?o=8",
        f"created in {year_start.year}": f"{LIST}?{year}",
    }
    print(f"{'page':40} {'median ms':>10} {'queries':>8} {'SQL ms':>8} {'slowest':>8}  slowest SQL")
    for name, url in pages.items():
        result = measure(client, url, options.repeats)
        print(
            f"{name[:40]:40} {result.median_ms:10.1f} {result.queries:8} {result.sql_ms:8.1f} "
            f"{result.slowest_ms:8.1f}  {result.slowest_sql[:90]}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
