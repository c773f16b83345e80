"""Time the region's annual activity report as a PDF, as `manage.py activity_report` makes it.

Acting as the system (a regional analyst's view, like the command), in this process: the
figures (`annual_report`: the dashboard's, the meetings', the funding's), the HTML and the
PDF (WeasyPrint), median of `--repeats` after one warm-up, and the slowest queries of the
last run. `--out` keeps the last PDF.

    DATABASE_URL=postgres://…/lisa_bench_map bench/annual_report.py [--year 2026] [--repeats 1]
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

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from lisa.dashboards.annual import annual_html, annual_pdf, annual_report, system_reader
from lisa.dashboards.selectors import DashboardScope, Level


def _timed(run: Callable[[], Any], repeats: int) -> tuple[float, Any, list[dict[str, str]]]:
    result = run()  # warm up: plans, the locator, the categories, WeasyPrint's fonts
    timings = []
    queries: list[dict[str, str]] = []
    for _ in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            result = run()
        timings.append(time.perf_counter() - started)
        queries = captured.captured_queries
    return statistics.median(timings), result, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=timezone.localdate().year)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--language", default="fr")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    reader = system_reader()
    region = DashboardScope(Level.REGION, None, "")
    with translation.override(args.language):
        figures_s, report, queries = _timed(
            lambda: annual_report(reader, region, args.year), args.repeats
        )
        html_s, _html, _queries = _timed(lambda: annual_html(report), args.repeats)
        pdf_s, content, _queries = _timed(lambda: annual_pdf(report), args.repeats)
        whole_s, _content, _queries = _timed(
            lambda: annual_pdf(annual_report(reader, region, args.year)), args.repeats
        )
    if args.out:
        args.out.write_bytes(content)
    print(f"region annual report {args.year}, {report.figures.resolution.reports:,} reports")
    print(f"  the whole PDF (figures, then render): median {whole_s:6.2f} s")
    print(
        f"  figures (annual_report):              median {figures_s:6.2f} s, {len(queries)} queries"
    )
    print(f"  HTML (template):                      median {html_s:6.2f} s")
    print(
        f"  PDF from the report (HTML, WeasyPrint): median {pdf_s:6.2f} s, {len(content):,} bytes"
    )
    print("  slowest queries of the last figures run (s):")
    for captured in sorted(queries, key=lambda q: -float(q["time"]))[:6]:
        print(f"    {float(captured['time']):7.3f}  {captured['sql'][:110]}")


if __name__ == "__main__":
    main()
