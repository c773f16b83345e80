"""Time the "Find your LISA" pages on a seeded demo database.

Prints the median and p99 of a whole request (middleware, selectors, open now, template) in
milliseconds, and the number of queries, for the directory, a street search that an office
covers, one it does not cover, and an office's page. Nothing is asserted: it is a measurement.

    DATABASE_URL=sqlite:///var/demo.sqlite3 .venv/bin/python bench/offices_directory.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lisa.offices.models import Office

REPEATS = 100


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    office = Office.objects.order_by("code").first()
    if office is None:
        sys.exit("No office: run load_brussels and seed_demo on this database first.")
    pages = {
        "directory": ("/fr/offices/", {}),
        "street covered (Rue Wayez)": ("/fr/offices/", {"street": "Rue Wayez 12"}),
        "street not covered (Rue Neuve)": ("/fr/offices/", {"street": "Rue Neuve"}),
        "a pin on the map": ("/fr/offices/", {"lat": "50.835757", "lon": "4.312303"}),
        f"office page ({office.code})": (f"/fr/offices/{office.code}/", {}),
    }
    print(f"{'':36} {'median ms':>9} {'p99 ms':>8} {'queries':>8}")
    for label, (url, params) in pages.items():
        first = client.get(url, params)  # the locator, the calendars, the street list
        assert first.status_code == 200, (url, first.status_code)
        # Each request empties the query log as it starts: count from an empty one.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        times = []
        for _repeat in range(REPEATS):
            started = time.perf_counter()
            client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        p99 = statistics.quantiles(times, n=100)[98]
        print(f"{label:36} {median:9.2f} {p99:8.2f} {len(queries):8d}")


if __name__ == "__main__":
    main()
