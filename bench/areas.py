"""Time the map outlines (`/areas/<kind>.geojson`) and the locator's (re)builds.

- GeoJSON: the median server time of `--repeats` requests per kind, through
  Django's test client in this process, with the size of the answer.
- Locator: the time of a first build; then an office is edited as the admin
  does it (the office saved, then `office_set_catchment` with the neighbourhoods
  it already has) and it prints whether the stamp that every other worker
  compares changed (if so, each of them rebuilds inside a request) and how long
  the next `get_locator()` takes in this process; then the same after a real
  change (one more neighbourhood in its catchment, then back).

It writes to the database (the office edit changes nothing but its update
time): use a benchmark database.

    DATABASE_URL=… bench/areas.py
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

from django.db import connection
from django.test import Client

from lisa.geo import locator
from lisa.geo.models import Area, AreaKind
from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office


def time_geojson(repeats: int) -> None:
    client = Client(HTTP_HOST="localhost")
    print(f"{'GET /areas/<kind>.geojson':32} {'median ms':>10} {'kB':>8}")
    for kind in AreaKind.values:
        url = f"/areas/{kind}.geojson"
        response = client.get(url)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{kind:32} {statistics.median(times):10.1f} {len(response.content) / 1000:8.0f}")


def time_locator() -> None:
    locator.invalidate_locator()
    started = time.perf_counter()
    locator.get_locator()
    print(f"locator, first build: {(time.perf_counter() - started) * 1000:.0f} ms")
    office = (
        Office.objects.filter(catchment__isnull=False, neighbourhoods__isnull=False)
        .order_by("code")
        .first()
    )
    if office is None:
        print("no office with a catchment: run seed_demo --reports 0 first")
        return
    stamp = locator._stamp()
    office.save()
    office_set_catchment(office=office, neighbourhoods=office.neighbourhoods.all())
    _print_rebuild(f"office {office.code} edited, catchment unchanged", stamp)
    # Then a real change: one more neighbourhood in its catchment, and back.
    neighbourhoods = list(office.neighbourhoods.all())
    free = (
        Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD, catchment_offices__isnull=True)
        .order_by("code")
        .first()
    )
    if free is not None:
        stamp = locator._stamp()
        office_set_catchment(office=office, neighbourhoods=[*neighbourhoods, free])
        _print_rebuild(f"office {office.code} given neighbourhood {free.code}", stamp)
        office_set_catchment(office=office, neighbourhoods=neighbourhoods)
        locator.get_locator()


def _print_rebuild(what: str, stamp: object) -> None:
    changed = locator._stamp() != stamp
    builds = locator.index_builds()
    started = time.perf_counter()
    locator.get_locator()
    elapsed = (time.perf_counter() - started) * 1000
    print(
        f"{what}: the other workers' stamp "
        f"{'CHANGED (each rebuilds)' if changed else 'did not change'}; "
        f"next get_locator() here: {elapsed:.0f} ms, "
        f"geometric index built {locator.index_builds() - builds} time(s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=7, help="requests per kind")
    options = parser.parse_args(argv)
    print(f"{connection.vendor} database {connection.settings_dict['NAME']}")
    time_geojson(options.repeats)
    time_locator()
    return 0


if __name__ == "__main__":
    sys.exit(main())
