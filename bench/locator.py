"""Time the locator on the loaded Brussels geography (`make bench`).

Measures batch location (`locate_many`) in points per second, and single
lookups (`get_locator().locate`) in microseconds, inside the region and on a
mix with points outside it. Prints a table and whether each target is met; it
always exits 0 once measured (timings are not asserted anywhere).

    .venv/bin/python manage.py load_brussels      # first, with the same DATABASE_URL
    .venv/bin/python bench/locator.py
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

import numpy as np
from django.db import OperationalError

from bench.points import GeographyMissing, RegionSampler
from lisa.geo.locator import OutsideTerritory, get_locator

BATCH_POINTS = 200_000
SINGLE_LOOKUPS = 20_000
OUTSIDE_SHARE = 0.3
REPEATS = 5
TARGET_POINTS_PER_SECOND = 200_000
TARGET_MICROSECONDS = 20.0


@dataclass(frozen=True)
class Result:
    name: str
    best: float
    median: float
    unit: str
    target: str = ""
    met: bool | None = None


def time_batch(lats: np.ndarray, lons: np.ndarray, *, repeats: int) -> Result:
    """Return points per second of one locate_many call over all the points."""
    locator = get_locator()
    locator.locate_many(lats=lats[:1000], lons=lons[:1000])  # warm-up
    rates = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        locator.locate_many(lats=lats, lons=lons)
        rates.append(len(lats) / (time.perf_counter() - started))
    best = max(rates)
    return Result(
        name=f"locate_many, {len(lats):,} points in the region",
        best=best,
        median=statistics.median(rates),
        unit="points/s",
        target=f">= {TARGET_POINTS_PER_SECOND:,}",
        met=best >= TARGET_POINTS_PER_SECOND,
    )


def time_single(
    lats: np.ndarray, lons: np.ndarray, *, repeats: int
) -> tuple[list[float], list[float], int]:
    """Return the mean and the median µs of a get_locator().locate call, per repeat,
    and how many of the points are outside the region.

    A point outside the region raises OutsideTerritory, as for a real caller; the
    try costs nothing when nothing is raised.
    """
    points = list(zip(lats.tolist(), lons.tolist(), strict=True))
    clock = time.perf_counter
    means, medians = [], []
    outside = 0
    for repeat in range(repeats + 1):  # the first round is the warm-up
        durations = []
        outside = 0
        for lat, lon in points:
            started = clock()
            try:
                get_locator().locate(lat=lat, lon=lon)
            except OutsideTerritory:
                outside += 1
            durations.append(clock() - started)
        if repeat:
            means.append(statistics.fmean(durations) * 1e6)
            medians.append(statistics.median(durations) * 1e6)
    return means, medians, outside


def single_results(
    name: str, means: list[float], medians: list[float], *, target: bool
) -> list[Result]:
    best_mean, best_median = min(means), min(medians)
    return [
        Result(
            name=f"{name}: mean",
            best=best_mean,
            median=statistics.median(means),
            unit="µs/lookup",
            target=f"< {TARGET_MICROSECONDS:g}" if target else "",
            met=best_mean < TARGET_MICROSECONDS if target else None,
        ),
        Result(
            name=f"{name}: median",
            best=best_median,
            median=statistics.median(medians),
            unit="µs/lookup",
            target=f"< {TARGET_MICROSECONDS:g}" if target else "",
            met=best_median < TARGET_MICROSECONDS if target else None,
        ),
    ]


def print_table(results: list[Result], *, repeats: int) -> None:
    width = max(len(result.name) for result in results)
    print(f"{'measure':<{width}}  {'best':>12}  {'median':>12}  {'unit':<10}  target")
    for result in results:
        verdict = "" if result.met is None else ("met" if result.met else "NOT MET")
        print(
            f"{result.name:<{width}}  {result.best:>12,.1f}  {result.median:>12,.1f}  "
            f"{result.unit:<10}  {result.target} {verdict}".rstrip()
        )
    print(f"(best and median of {repeats} repeats after a warm-up; targets judged on the best)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the locator on the loaded geography.")
    parser.add_argument("--points", type=int, default=BATCH_POINTS, help="points for locate_many")
    parser.add_argument("--lookups", type=int, default=SINGLE_LOOKUPS, help="single lookups")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="repeats of each measure")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    options = parser.parse_args(argv)
    try:
        sampler = RegionSampler()
    except (GeographyMissing, OperationalError) as error:
        print(error, file=sys.stderr)
        return 2
    rng = np.random.default_rng(options.seed)
    locator = get_locator()
    print(f"locator: {len(locator.index):,} areas of {', '.join(locator.index.kinds)}")
    batch = sampler.inside(options.points, rng=rng)
    inside = sampler.inside(options.lookups, rng=rng)
    outside_count = round(options.lookups * OUTSIDE_SHARE)
    outside_lats, outside_lons = sampler.outside(outside_count, rng=rng)
    mixed_order = rng.permutation(options.lookups)
    mixed_lats = np.concatenate([inside.lats[outside_count:], outside_lats])[mixed_order]
    mixed_lons = np.concatenate([inside.lons[outside_count:], outside_lons])[mixed_order]

    results = [time_batch(batch.lats, batch.lons, repeats=options.repeats)]
    means, medians, outside = time_single(inside.lats, inside.lons, repeats=options.repeats)
    if outside:
        raise RuntimeError(f"{outside} points drawn inside the region were located outside")
    results += single_results(
        f"locate, {options.lookups:,} points in the region", means, medians, target=True
    )
    means, medians, outside = time_single(mixed_lats, mixed_lons, repeats=options.repeats)
    results += single_results(
        f"locate, {options.lookups:,} points, {outside / options.lookups:.0%} outside",
        means,
        medians,
        target=False,
    )
    print_table(results, repeats=options.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
