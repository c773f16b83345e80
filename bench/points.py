"""Random points inside and around the Brussels-Capital Region, for the benchmarks."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass

import numpy as np
import shapely
from django.db import connection
from shapely.geometry.base import BaseGeometry

from lisa.geo.geodata import geodata_dir
from lisa.geo.locator import get_locator
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry

GEOGRAPHY_HELP = (
    "This database holds no Brussels geography. Load it first, with the same DATABASE_URL:\n"
    "  .venv/bin/python manage.py migrate\n"
    "  .venv/bin/python manage.py load_brussels"
)
# How far around the region "outside" points are drawn, in degrees (about 7 km).
OUTSIDE_MARGIN_DEGREES = 0.1


class GeographyMissing(RuntimeError):
    """The database has no municipalities (or no tables) to draw and locate points in."""

    def __init__(self) -> None:
        super().__init__(GEOGRAPHY_HELP)


def require_geography() -> None:
    """Raise GeographyMissing unless `manage.py load_brussels` has filled this database."""
    if Area._meta.db_table not in connection.introspection.table_names():
        raise GeographyMissing()
    if not Area.objects.filter(kind=AreaKind.MUNICIPALITY).exists():
        raise GeographyMissing()


@dataclass(frozen=True)
class Points:
    lats: np.ndarray
    lons: np.ndarray
    # {kind: area id or None per point}, as Locator.locate_many returns it
    located: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.lats)


class RegionSampler:
    """Draw points in the region, denser where there are more streets.

    Each neighbourhood gets a share of the points in proportion to the streets
    whose representative point it holds (streets.csv, beside the geography
    files), and the points are uniform within it: the dense centre gets many
    reports per km², the Sonian Forest and the parks few. Without streets.csv
    the share follows the area, which is uniform over the region.
    """

    def __init__(self) -> None:
        require_geography()
        rows = Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD).values_list("geometry", flat=True)
        if not rows:
            rows = Area.objects.filter(kind=AreaKind.MUNICIPALITY).values_list(
                "geometry", flat=True
            )
        self.geometries: list[BaseGeometry] = [parse_area_geometry(row) for row in rows]
        shapely.prepare(self.geometries)
        weights = _street_counts(self.geometries)
        if weights is None:
            weights = np.array([geometry.area for geometry in self.geometries])
        self.shares = weights / weights.sum()
        bounds = np.array([geometry.bounds for geometry in self.geometries])
        self.bounds = (
            bounds[:, 0].min(),
            bounds[:, 1].min(),
            bounds[:, 2].max(),
            bounds[:, 3].max(),
        )

    def inside(self, n: int, *, rng: np.random.Generator) -> Points:
        """Return n points in the region (located in a municipality), in random order."""
        locator = get_locator()
        parts: list[Points] = []
        found = 0
        while found < n:
            # The neighbourhoods and the municipalities are digitised apart: drop the
            # few points in a neighbourhood that the locator puts in no municipality.
            want = n - found
            xs, ys = self._draw(want + want // 100 + 10, rng=rng)
            located = locator.locate_many(lats=ys, lons=xs)
            keep = np.flatnonzero(area_ids(located[AreaKind.MUNICIPALITY]) >= 0)[:want]
            parts.append(
                Points(ys[keep], xs[keep], {kind: ids[keep] for kind, ids in located.items()})
            )
            found += len(keep)
        return Points(
            np.concatenate([part.lats for part in parts]),
            np.concatenate([part.lons for part in parts]),
            {kind: np.concatenate([part.located[kind] for part in parts]) for kind in located},
        )

    def outside(self, n: int, *, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Return n (lats, lons) around the region that the locator puts nowhere."""
        locator = get_locator()
        min_x, min_y, max_x, max_y = self.bounds
        lats: list[np.ndarray] = []
        lons: list[np.ndarray] = []
        found = 0
        while found < n:
            want = n - found
            size = want * 2 + 10
            xs = rng.uniform(min_x - OUTSIDE_MARGIN_DEGREES, max_x + OUTSIDE_MARGIN_DEGREES, size)
            ys = rng.uniform(min_y - OUTSIDE_MARGIN_DEGREES, max_y + OUTSIDE_MARGIN_DEGREES, size)
            located = locator.locate_many(lats=ys, lons=xs)
            keep = np.flatnonzero(area_ids(located[AreaKind.MUNICIPALITY]) < 0)[:want]
            lats.append(ys[keep])
            lons.append(xs[keep])
            found += len(keep)
        return np.concatenate(lats), np.concatenate(lons)

    def _draw(self, n: int, *, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Return n (lons, lats) spread over the areas by their shares, shuffled."""
        counts = rng.multinomial(n, self.shares)
        xs = np.empty(n)
        ys = np.empty(n)
        start = 0
        for geometry, count in zip(self.geometries, counts, strict=True):
            if count:
                area_xs, area_ys = _uniform_in(geometry, int(count), rng=rng)
                xs[start : start + count] = area_xs
                ys[start : start + count] = area_ys
                start += count
        order = rng.permutation(n)
        return xs[order], ys[order]


def area_ids(column: np.ndarray) -> np.ndarray:
    """Return a locate_many column of area ids (None where nothing) as int64, -1 for None."""
    ids = np.asarray(column).astype(float)  # None becomes NaN
    ids[np.isnan(ids)] = -1
    return ids.astype(np.int64)


def _uniform_in(
    geometry: BaseGeometry, n: int, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return n points drawn uniformly in a polygon, by rejection from its bounding box."""
    min_x, min_y, max_x, max_y = geometry.bounds
    fill = geometry.area / ((max_x - min_x) * (max_y - min_y))
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    found = 0
    while found < n:
        size = math.ceil((n - found) / fill * 1.1) + 16
        x = rng.uniform(min_x, max_x, size)
        y = rng.uniform(min_y, max_y, size)
        inside = shapely.contains_xy(geometry, x, y)
        xs.append(x[inside][: n - found])
        ys.append(y[inside][: n - found])
        found += len(xs[-1])
    return np.concatenate(xs), np.concatenate(ys)


def _street_counts(geometries: list[BaseGeometry]) -> np.ndarray | None:
    """Return the streets.csv points in each geometry plus one, or None without the file."""
    path = geodata_dir() / "streets.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    points = shapely.points([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    tree = shapely.STRtree(geometries)
    _street_index, area_index = tree.query(points, predicate="within")
    return np.bincount(area_index, minlength=len(geometries)) + 1.0
