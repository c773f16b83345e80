"""Time the public map's GeoJSON (`/map/reports.geojson`) and its page (`/<lang>/map/`).

Each case is a screen-sized viewport (1280 × 900 px by default) at a zoom, over the whole
region, one municipality or a few streets, with and without filters. A case is asked once
to warm up, then `--repeats` times through Django's test client in this process: the
server time of the request (view, queries, JSON), median and 95th percentile, with the
features and reports of the answer. `--explain` prints the aggregation's plan for each.

It first rebuilds the map's cells (`public_map_refresh`, as cron would) and prints how long
that took; `--stale` removes them instead, to time the map reading the reports alone. It
writes to the database: use a benchmark database.

    DATABASE_URL=postgres://…/lisa_bench_map bench/public_map.py [--repeats 20] [--explain]
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
import math
import statistics
import time
from urllib.parse import urlencode

import shapely
from django.db import connection
from django.test import Client
from django.utils import timezone

from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry
from lisa.lib.map_grid import BBox
from lisa.reports.actions import public_map_refresh
from lisa.reports.models import PublicMapCell
from lisa.reports.public_map import map_filters, public_map_reports

WIDTH, HEIGHT = 1280, 900
# The centre of the region, and Place de la Vaillance (Anderlecht) for the streets.
REGION = (50.8466, 4.3528)
VAILLANCE = (50.835767, 4.306556)


def viewport(lat: float, lon: float, zoom: int, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Return the bbox a screen of width × height pixels shows around a point at a zoom."""
    degrees_per_pixel = 360 / 2 ** (zoom + 8)
    half_lon = width / 2 * degrees_per_pixel
    half_lat = height / 2 * degrees_per_pixel * math.cos(math.radians(lat))
    return f"{lon - half_lon:.5f},{lat - half_lat:.5f},{lon + half_lon:.5f},{lat + half_lat:.5f}"


def bounds_of(area: Area) -> str:
    west, south, east, north = shapely.bounds(parse_area_geometry(area.geometry))
    return f"{west:.5f},{south:.5f},{east:.5f},{north:.5f}"


def cases() -> list[tuple[str, dict[str, str]]]:
    since = (timezone.localdate() - dt.timedelta(days=90)).isoformat()
    month = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    year = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    anderlecht = Area.objects.get(kind=AreaKind.MUNICIPALITY, code="21001")
    region = Area.objects.get(kind=AreaKind.REGION)
    whole = bounds_of(region)
    municipality = bounds_of(anderlecht)
    return [
        ("region, zoom 11", {"bbox": viewport(*REGION, 11), "zoom": "11"}),
        ("region, zoom 12", {"bbox": viewport(*REGION, 12), "zoom": "12"}),
        ("region bounds, zoom 12", {"bbox": whole, "zoom": "12"}),
        ("region, zoom 12, open", {"bbox": viewport(*REGION, 12), "zoom": "12", "status": "open"}),
        (
            "region, zoom 12, dumping, 90 days",
            {"bbox": viewport(*REGION, 12), "zoom": "12", "category": "dumping", "since": since},
        ),
        ("region, zoom 12, 30 days", {"bbox": viewport(*REGION, 12), "zoom": "12", "since": month}),
        ("region, zoom 12, 365 days", {"bbox": viewport(*REGION, 12), "zoom": "12", "since": year}),
        (
            "region, zoom 12, Anderlecht only",
            {"bbox": viewport(*REGION, 12), "zoom": "12", "municipality": "21001"},
        ),
        ("Anderlecht bounds, zoom 13", {"bbox": municipality, "zoom": "13"}),
        ("Anderlecht bounds, zoom 14", {"bbox": municipality, "zoom": "14"}),
        ("municipality view, zoom 14", {"bbox": viewport(*VAILLANCE, 14), "zoom": "14"}),
        (
            "municipality view, zoom 14, resolved",
            {"bbox": viewport(*VAILLANCE, 14), "zoom": "14", "status": "resolved"},
        ),
        (
            "municipality view, zoom 14, bulky, 90 days",
            {
                "bbox": viewport(*VAILLANCE, 14),
                "zoom": "14",
                "category": "dumping-bulky",
                "since": since,
            },
        ),
        ("streets, zoom 16", {"bbox": viewport(*VAILLANCE, 16), "zoom": "16"}),
        ("streets, zoom 18", {"bbox": viewport(*VAILLANCE, 18), "zoom": "18"}),
        ("phone 375 × 740, zoom 15", {"bbox": viewport(*VAILLANCE, 15, 375, 740), "zoom": "15"}),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def time_url(client: Client, url: str, repeats: int) -> tuple[list[float], object]:
    response = client.get(url)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, response


def explain(params: dict[str, str]) -> None:
    filters = map_filters(**{k: v for k, v in params.items() if k not in ("bbox", "zoom")})
    box = BBox.parse(params["bbox"])
    reports = public_map_reports(filters).filter(
        lat__gte=box.south, lat__lt=box.north, lon__gte=box.west, lon__lt=box.east
    )
    sql, args = reports.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", args)
        for (line,) in cursor.fetchall():
            print("    " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=20, help="requests per case")
    parser.add_argument("--explain", action="store_true", help="print each case's plan")
    parser.add_argument("--stale", action="store_true", help="time without the map's cells")
    options = parser.parse_args(argv)
    client = Client(HTTP_HOST="localhost")
    print(f"{connection.vendor} database {connection.settings_dict['NAME']}")
    if options.stale:
        PublicMapCell.objects.all().delete()
        print("without the map's cells: every zoom reads the reports")
    else:
        started = time.perf_counter()
        cells = public_map_refresh()
        print(f"public_map_refresh: {cells} cells in {time.perf_counter() - started:.1f} s")
    print(f"{'GET /map/reports.geojson':44} {'median':>7} {'p95':>7} {'feat.':>6} {'reports':>8}")
    for name, params in cases():
        url = "/map/reports.geojson?" + urlencode(params)
        times, response = time_url(client, url, options.repeats)
        body = response.json()  # type: ignore[attr-defined]
        if response.status_code != 200:  # type: ignore[attr-defined]
            print(f"{name:44} {response.status_code}: {body}")  # type: ignore[attr-defined]
            continue
        print(
            f"{name:44} {statistics.median(times):7.1f} {percentile(times, 0.95):7.1f}"
            f" {len(body['features']):6} {body['total']:8}"
        )
        if options.explain and connection.vendor == "postgresql":
            explain(params)
    print(f"{'GET /fr/map/ (counts and latest reports)':44} {'median':>7} {'p95':>7}")
    for name, query in [
        ("no filter", ""),
        ("open", "?status=open"),
        ("dumping, Anderlecht", "?category=dumping&municipality=21001"),
    ]:
        times, _response = time_url(client, f"/fr/map/{query}", max(3, options.repeats // 4))
        print(f"{name:44} {statistics.median(times):7.1f} {percentile(times, 0.95):7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
