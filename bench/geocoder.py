"""Time the local street search (`lisa.geo.geocoder.LocalGeocoder`) on streets.csv.

Prints, for typical queries (a few letters, a word, a full name, both languages), the median
and the worst time of a search in microseconds, the time of `reverse`, and the time to build
the index once. Nothing is asserted: it is a measurement.

    .venv/bin/python bench/geocoder.py
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

from lisa.geo.geocoder import LocalGeocoder
from lisa.geo.geodata import geodata_dir

QUERIES = [
    ("fr", "va"),
    ("fr", "vaill"),
    ("fr", "place de la vaillance"),
    ("nl", "dapperheid"),
    ("fr", "rue"),
    ("fr", "rue de la"),
    ("fr", "de la"),
    ("fr", "eglise"),
    ("nl", "kerk"),
    ("fr", "saint"),
    ("fr", "vaillance anderlecht"),
    ("fr", "zzz"),
]
REPEATS = 2000


def microseconds(call, repeats: int) -> list[float]:
    times = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1e6)
    return times


def main() -> None:
    path = geodata_dir() / "streets.csv"
    started = time.perf_counter()
    geocoder = LocalGeocoder.from_csv(path)
    built = (time.perf_counter() - started) * 1000
    print(f"{len(geocoder.streets)} streets indexed in {built:.0f} ms (once per process)\n")
    print(f"{'query':28} {'median µs':>10} {'p99 µs':>8}  first result")
    medians = []
    for language, query in QUERIES:
        times = microseconds(lambda q=query, lang=language: geocoder.search(q, lang, 10), REPEATS)
        first = geocoder.search(query, language, 1)
        median = statistics.median(times)
        medians.append(median)
        p99 = statistics.quantiles(times, n=100)[98]
        label = first[0].label if first else "—"
        print(f"{language}:{query!r:25} {median:10.1f} {p99:8.1f}  {label}")
    reverse = microseconds(lambda: geocoder.reverse(50.835767, 4.306556), REPEATS)
    print(f"\nreverse (nearest street)     {statistics.median(reverse):10.1f} µs")
    print(f"search, median of the medians {statistics.median(medians):9.1f} µs")


if __name__ == "__main__":
    main()
