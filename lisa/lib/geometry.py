"""Parse, validate and index area geometries in WGS 84 longitude/latitude."""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# Names under which GeoJSON files declare WGS 84; RFC 7946 files declare nothing.
WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}
AREA_GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}
# A point that falls in a sliver between two neighbouring polygons (the source
# data are digitised separately) is given the nearest one within this distance,
# about 25 metres at Brussels' latitude.
SLIVER_TOLERANCE_DEGREES = 0.0003
# Side of the cells of the lookup grid, about 350 by 550 metres in Brussels.
GRID_CELL_DEGREES = 0.005
# About 10 m: enough for a map of the region, and a twentieth of the bytes.
OUTLINE_TOLERANCE_DEGREES = 0.0001


class GeometryError(ValueError):
    """A geometry that cannot be used as an area."""


def check_crs(collection: dict[str, Any]) -> None:
    """Raise GeometryError if a GeoJSON object declares a CRS other than WGS 84."""
    crs = collection.get("crs")
    if not crs:
        return
    name = (crs.get("properties") or {}).get("name", "")
    if name not in WGS84_NAMES:
        raise GeometryError(
            f"the file declares the coordinate system {name or crs!r}; "
            "convert it to WGS 84 longitude/latitude (EPSG:4326) first, "
            "for example with: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
        )


def parse_area_geometry(geojson: dict[str, Any]) -> BaseGeometry:
    """Return the validated shapely geometry of a GeoJSON polygon or multipolygon."""
    kind = geojson.get("type") if isinstance(geojson, dict) else None
    if kind not in AREA_GEOMETRY_TYPES:
        raise GeometryError(f"expected a Polygon or MultiPolygon, got {kind or 'nothing'}")
    try:
        geometry = shapely.from_geojson(json.dumps(geojson))
    except shapely.errors.GEOSException as error:
        raise GeometryError(f"unreadable geometry: {error}") from error
    if geometry.is_empty:
        raise GeometryError("the geometry is empty")
    min_x, min_y, max_x, max_y = geometry.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        raise GeometryError(
            f"coordinates ({min_x:.0f}, {min_y:.0f}) are not longitude/latitude degrees; "
            "the file looks projected (Belgian Lambert 72 or 2008?): "
            "convert it to WGS 84 (EPSG:4326) first"
        )
    if not geometry.is_valid:
        raise GeometryError(f"invalid geometry: {shapely.is_valid_reason(geometry)}")
    return geometry


def outline_geojson(geometry: BaseGeometry) -> str:
    """Return the geometry simplified for maps, as compact GeoJSON text."""
    return shapely.to_geojson(geometry.simplify(OUTLINE_TOLERANCE_DEGREES), indent=None)


def representative_point(geometry: BaseGeometry) -> tuple[float, float]:
    """Return a (lon, lat) point guaranteed to lie inside the geometry."""
    point = geometry.representative_point()
    return point.x, point.y


@dataclass(frozen=True)
class IndexedArea:
    kind: str
    key: Any
    geometry: BaseGeometry


class AreaIndex:
    """Locate points in areas of several kinds at once with one STRtree.

    Every kind is located independently (a neighbourhood need not nest in a
    municipality), and within a kind the first area given wins where areas
    overlap. A point in no area of a kind gets the nearest one within
    SLIVER_TOLERANCE_DEGREES, or None, except for the exact kinds, which get None.
    The territory kind bounds the index: a point in no area of that kind is
    outside, and located in nothing.
    """

    def __init__(
        self,
        areas: Iterable[IndexedArea],
        *,
        territory_kind: str,
        exact_kinds: Collection[str] = (),
    ):
        self.areas: list[IndexedArea] = list(areas)
        self.kinds: list[str] = sorted({area.kind for area in self.areas} | {territory_kind})
        self.territory_kind = territory_kind
        self.exact_kinds = set(exact_kinds)
        self._kind_of = np.array([self.kinds.index(a.kind) for a in self.areas], dtype=np.int32)
        self._keys: list[Any] = [area.key for area in self.areas]
        # The last slot holds None, so that index -1 ("no area") maps to None.
        self._keys_or_none = np.array([*self._keys, None], dtype=object)
        geometries = np.array([area.geometry for area in self.areas], dtype=object)
        shapely.prepare(geometries)
        self._geometries = geometries
        self._tree = shapely.STRtree(geometries)
        # The territory widened by the sliver tolerance: a point outside it is
        # rejected without the (slow) nearest-area searches.
        territory = shapely.union_all(
            [a.geometry for a in self.areas if a.kind == territory_kind]
        ).buffer(SLIVER_TOLERANCE_DEGREES)
        shapely.prepare(territory)
        self._territory = territory
        self._per_kind_trees = {
            kind: (
                np.flatnonzero(self._kind_of == number),
                shapely.STRtree(geometries[self._kind_of == number]),
            )
            for number, kind in enumerate(self.kinds)
        }

        self._build_grid()

    def __len__(self) -> int:
        return len(self.areas)

    def _build_grid(self) -> None:
        """Cut the territory into cells and ask the STRtree, once, what each cell holds.

        Where one area covers a whole cell (and no earlier area of its kind touches
        it) a point there needs no test for that kind; the other areas touching
        the cell are the only candidates left to test.
        """
        min_x, min_y, max_x, max_y = self._territory.bounds
        self._grid_x, self._grid_y = min_x, min_y
        self._grid_columns = int((max_x - min_x) // GRID_CELL_DEGREES) + 1
        self._grid_rows = int((max_y - min_y) // GRID_CELL_DEGREES) + 1
        rows, columns = np.divmod(
            np.arange(self._grid_columns * self._grid_rows), self._grid_columns
        )
        xs = min_x + columns * GRID_CELL_DEGREES
        ys = min_y + rows * GRID_CELL_DEGREES
        cells = shapely.box(xs, ys, xs + GRID_CELL_DEGREES, ys + GRID_CELL_DEGREES)
        touching: list[list[int]] = [[] for _ in range(len(cells))]
        for cell, area in zip(*self._tree.query(cells, predicate="intersects"), strict=True):
            touching[cell].append(int(area))
        covering: list[set[int]] = [set() for _ in range(len(cells))]
        for cell, area in zip(*self._tree.query(cells, predicate="within"), strict=True):
            covering[cell].add(int(area))
        self._grid: list[tuple[dict[str, Any], np.ndarray]] = []
        for cell in range(len(cells)):
            settled: dict[str, Any] = dict.fromkeys(self.kinds)
            left = []
            first_of_kind: dict[int, int] = {}
            for area in sorted(touching[cell]):
                first_of_kind.setdefault(int(self._kind_of[area]), area)
            for area in sorted(touching[cell]):
                kind_number = int(self._kind_of[area])
                if area in covering[cell] and first_of_kind[kind_number] == area:
                    settled[self.kinds[kind_number]] = self._keys[area]
                elif settled[self.kinds[kind_number]] is None:
                    left.append(area)
            left = [a for a in left if settled[self.kinds[int(self._kind_of[a])]] is None]
            self._grid.append((settled, np.array(left, dtype=np.int64)))

    def locate(self, lon: float, lat: float) -> dict[str, Any] | None:
        """Return {kind: key or None} for one point, or None outside the territory."""
        column = int((lon - self._grid_x) // GRID_CELL_DEGREES)
        row = int((lat - self._grid_y) // GRID_CELL_DEGREES)
        if not (0 <= column < self._grid_columns and 0 <= row < self._grid_rows):
            return None  # beyond the territory's bounding box, tolerance included
        settled, candidates = self._grid[row * self._grid_columns + column]
        found: dict[str, Any] = dict(settled)
        if len(candidates):
            hits = candidates[shapely.intersects_xy(self._geometries[candidates], lon, lat)]
            for index in hits:  # in ascending order: the first area given wins
                kind = self.kinds[self._kind_of[index]]
                if found[kind] is None:
                    found[kind] = self._keys[index]
        if found[self.territory_kind] is None:
            if not shapely.intersects_xy(self._territory, lon, lat):
                return None
            found[self.territory_kind] = self._nearest(self.territory_kind, lon, lat)
            if found[self.territory_kind] is None:
                return None
        for kind, key in found.items():
            if key is None and kind not in self.exact_kinds:
                found[kind] = self._nearest(kind, lon, lat)
        return found

    def locate_many(
        self, lons: Sequence[float] | np.ndarray, lats: Sequence[float] | np.ndarray
    ) -> dict[str, np.ndarray]:
        """Return {kind: array of the key (or None) of each point} for many points.

        Points outside the territory get None for every kind.
        """
        xs = np.asarray(lons, dtype=float)
        ys = np.asarray(lats, dtype=float)
        points = shapely.points(xs, ys)
        point_index, area_index = self._tree.query(points)
        inside = shapely.intersects_xy(
            self._geometries[area_index], xs[point_index], ys[point_index]
        )
        point_index, area_index = point_index[inside], area_index[inside]
        chosen: dict[str, np.ndarray] = {}
        for kind in [self.territory_kind, *(k for k in self.kinds if k != self.territory_kind)]:
            of_kind = self._kind_of[area_index] == self.kinds.index(kind)
            pts, ars = point_index[of_kind], area_index[of_kind]
            # The first area given wins where areas overlap: sort by point, then area.
            order = np.lexsort((ars, pts))
            pts, ars = pts[order], ars[order]
            located, first = np.unique(pts, return_index=True)
            found = np.full(len(xs), -1, dtype=np.int64)
            found[located] = ars[first]
            missing = found < 0
            if kind == self.territory_kind:
                missing[missing] = shapely.intersects_xy(self._territory, xs[missing], ys[missing])
            elif kind in self.exact_kinds:
                missing[:] = False
            else:
                missing &= chosen[self.territory_kind] >= 0
            missing_index = np.flatnonzero(missing)
            if len(missing_index):
                found[missing_index] = self._nearest_many(kind, points[missing_index])
            chosen[kind] = found
        outside = chosen[self.territory_kind] < 0
        for found in chosen.values():
            found[outside] = -1
        return {kind: self._keys_or_none[found] for kind, found in chosen.items()}

    def _nearest(self, kind: str, lon: float, lat: float) -> Any:
        index = self._nearest_many(kind, np.array([shapely.Point(lon, lat)]))[0]
        return self._keys[index] if index >= 0 else None

    def _nearest_many(self, kind: str, points: np.ndarray) -> np.ndarray:
        members, tree = self._per_kind_trees[kind]
        chosen = np.full(len(points), -1, dtype=np.int64)
        if len(members) == 0:
            return chosen
        point_index, member_index = tree.query_nearest(
            points, max_distance=SLIVER_TOLERANCE_DEGREES, all_matches=False
        )
        chosen[point_index] = members[member_index]
        return chosen


# --- The coarse grid that finds reports near a point --------------------------------------

# Cells of a thousandth of a degree: about 110 m north-south and 70 m east-west in Brussels,
# so that everything within NEARBY_METRES of a point lies in its cell or the eight around it.
REPORT_CELL_DEGREES = 0.001
_CELL_ROW = 1_000_000  # cell = row * _CELL_ROW + column; columns span ±180 000


def report_cell(lat: float, lon: float) -> int:
    """Return the grid cell of a point (truncated, as SQL's trunc() computes it)."""
    return math.trunc(lat / REPORT_CELL_DEGREES) * _CELL_ROW + math.trunc(lon / REPORT_CELL_DEGREES)


def cells_around(lat: float, lon: float) -> list[int]:
    """Return the point's cell and the eight around it."""
    row = math.trunc(lat / REPORT_CELL_DEGREES)
    column = math.trunc(lon / REPORT_CELL_DEGREES)
    return [(row + dr) * _CELL_ROW + column + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1)]


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the distance between two near points (equirectangular: exact enough below 1 km)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * 6_371_000.0
