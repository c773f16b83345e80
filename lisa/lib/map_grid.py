"""The grid a web map's points are counted in: cells of a fixed size on screen at each zoom.

At zoom z a web map (256-pixel tiles, spherical Mercator) shows 360 / 2^(z+8) degrees of
longitude per pixel. A cell is CELL_PIXELS wide, so a viewport holds a few hundred cells
whatever its zoom. Cells are cut from a grid anchored at 0°, 0°: the same cell at the same
zoom whatever the viewport, so that clusters stay put while the map is panned and a
viewport's answer can be cached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CELL_PIXELS = 64
MIN_ZOOM = 0
MAX_ZOOM = 20
# A viewport may span this many cells: a 4K screen at any zoom, not the region at zoom 20.
MAX_CELLS = 4096


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        """Return the box "west,south,east,north" names, or raise ValueError."""
        parts = (text or "").split(",")
        if len(parts) != 4:
            raise ValueError("four numbers expected")
        west, south, east, north = (float(part) for part in parts)
        if not all(math.isfinite(value) for value in (west, south, east, north)):
            raise ValueError("not a number")
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValueError("not a box")
        return cls(west, south, east, north)


@dataclass(frozen=True)
class Grid:
    """The cells of one zoom level: their size in degrees, taller than wide away from 0°."""

    zoom: int
    lat_size: float
    lon_size: float

    @classmethod
    def at(cls, zoom: int, latitude: float) -> Grid:
        """Return the grid of a zoom, with square cells on screen around the latitude.

        The latitude is rounded to the degree: one grid for a whole city.
        """
        lon_size = CELL_PIXELS * 360 / 2 ** (zoom + 8)
        lat_size = lon_size * math.cos(math.radians(round(latitude)))
        return cls(zoom=zoom, lat_size=lat_size, lon_size=lon_size)

    def snap(self, box: BBox) -> BBox:
        """Return the box grown to whole cells."""
        return BBox(
            west=math.floor(box.west / self.lon_size) * self.lon_size,
            south=math.floor(box.south / self.lat_size) * self.lat_size,
            east=math.ceil(box.east / self.lon_size) * self.lon_size,
            north=math.ceil(box.north / self.lat_size) * self.lat_size,
        )

    def cells_in(self, box: BBox) -> int:
        """Return how many cells the box spans."""
        snapped = self.snap(box)
        columns = round((snapped.east - snapped.west) / self.lon_size)
        rows = round((snapped.north - snapped.south) / self.lat_size)
        return columns * rows
