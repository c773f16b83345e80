"""Time Open311 `GET requests` (`/open311/v2/requests.{json,xml}`), `GET requests/{id}` and
`GET servicerequestupdates`.

Each case is asked once to warm up, then `--repeats` times through Django's test client in
this process: the server time of the request (view, queries, serialisation), median and 95th
percentile, with the number of requests in the answer and of database queries. It only reads.

    DATABASE_URL=postgres://…/lisa_bench_map bench/open311_requests.py [--repeats 10] [--explain]
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
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lisa.open311.reads import _with_columns, requested
from lisa.reports.public import public_reports


def _time(client: Client, url: str, params: dict[str, Any], repeats: int) -> dict[str, Any]:
    response = client.get(url, params)  # warm up: the geocoder's streets, the plan cache
    assert response.status_code == 200, response.content[:300]
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    count = response.content.count(b"service_request_id") // (2 if url.endswith("xml") else 1)
    if "servicerequestupdates" in url:
        count = response.content.count(b"update_id") // (2 if url.endswith("xml") else 1)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[max(0, round(len(timings) * 0.95) - 1)],
        "count": count,
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    client = Client(HTTP_HOST="localhost")
    total = public_reports().count()
    print(f"{total:,} public reports")
    references = list(
        public_reports().order_by("-created_at").values_list("reference", flat=True)[:50]
    )
    newest = references[0]
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("default (90 days, 1,000), JSON", "/open311/v2/requests.json", {}),
        ("default (90 days, 1,000), XML", "/open311/v2/requests.xml", {}),
        ("status=closed, JSON", "/open311/v2/requests.json", {"status": "closed"}),
        (
            "service_code=lighting-out",
            "/open311/v2/requests.json",
            {"service_code": "lighting-out"},
        ),
        ("page 5 of 100", "/open311/v2/requests.json", {"page": 5, "page_size": 100}),
        (
            "extensions=true, 100",
            "/open311/v2/requests.json",
            {"extensions": "true", "page_size": 100},
        ),
        ("extensions=true, 1,000", "/open311/v2/requests.json", {"extensions": "true"}),
        (
            "service_request_id × 50",
            "/open311/v2/requests.json",
            {"service_request_id": ",".join(references)},
        ),
        ("requests/{id}", f"/open311/v2/requests/{newest}.json", {}),
        ("servicerequestupdates, 1,000", "/open311/v2/servicerequestupdates.json", {}),
        (
            "servicerequestupdates, XML, 1,000",
            "/open311/v2/servicerequestupdates.xml",
            {},
        ),
    ]
    print(f"{'case':34} {'median ms':>10} {'p95 ms':>8} {'rows':>6} {'queries':>8} {'KB':>6}")
    for name, url, params in cases:
        figures = _time(client, url, params, args.repeats)
        print(
            f"{name:34} {figures['median']:10.1f} {figures['p95']:8.1f} {figures['count']:6} "
            f"{figures['queries']:8} {figures['bytes'] / 1024:6.0f}"
        )
    if args.explain:
        query = _with_columns(requested({}))[:1000].query
        with connection.cursor() as cursor:
            sql, sql_params = query.sql_with_params()
            cursor.execute("EXPLAIN ANALYZE " + sql, sql_params)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
