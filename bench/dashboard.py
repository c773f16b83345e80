"""Time the region dashboard (`/staff/dashboards/region/`) as a regional analyst sees it.

The page's view is called in this process with a request made here (no session is saved, so
the database is only read): server time of the whole page, then of `dashboard_figures` alone,
median of `--repeats` after one warm-up, and the slowest queries of the last run. It needs a
user who may open the region (`--user`, by default the demo's `analyst`).

    DATABASE_URL=postgres://…/lisa_bench_map bench/dashboard.py [--repeats 3] [--months 12]
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
from collections.abc import Callable
from typing import Any

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from lisa.accounts.models import User
from lisa.dashboards.selectors import Level, dashboard_figures, dashboard_scope_for, last_months
from lisa.dashboards.views import dashboard


def _timed(run: Callable[[], Any], repeats: int) -> tuple[float, list[dict[str, str]]]:
    run()  # warm up: plans, the locator, the categories
    timings = []
    queries: list[dict[str, str]] = []
    for _ in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            run()
        timings.append((time.perf_counter() - started) * 1000)
        queries = captured.captured_queries
    return statistics.median(timings), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--user", default="analyst")
    args = parser.parse_args()

    user = User.objects.get(username=args.user)
    period = last_months(args.months)
    scope = dashboard_scope_for(user, Level.REGION, None)
    query = f"start={period.first:%Y-%m}&end={period.last:%Y-%m}"

    def page() -> Any:
        request = RequestFactory().get(f"/staff/dashboards/region/?{query}")
        request.user = user
        request.session = SessionStore()
        response = dashboard(request)
        assert response.status_code == 200, response.status_code
        return response

    page_ms, _queries = _timed(page, args.repeats)
    figures_ms, queries = _timed(lambda: dashboard_figures(user, scope, period), args.repeats)
    figures = dashboard_figures(user, scope, period)
    print(f"region dashboard, {args.months} months, {figures.resolution.reports:,} reports")
    print(f"  page (view, queries, template): median {page_ms:,.0f} ms")
    print(f"  dashboard_figures alone:        median {figures_ms:,.0f} ms, {len(queries)} queries")
    print("  slowest queries of the last run (s):")
    for captured in sorted(queries, key=lambda q: -float(q["time"]))[:6]:
        print(f"    {float(captured['time']):7.3f}  {captured['sql'][:110]}")


if __name__ == "__main__":
    main()
