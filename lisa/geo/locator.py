"""Locate a point in the municipality, police zone, neighbourhood and office catchment."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from lisa.errors import LisaError
from lisa.geo.models import LOCATED_KINDS, Area, AreaKind
from lisa.lib.cache import StampedCache
from lisa.lib.geometry import AreaIndex, IndexedArea, parse_area_geometry


class OutsideTerritory(LisaError):
    def __init__(self, *, lat: float, lon: float):
        super().__init__(
            "outside_region",
            _(
                "The point %(lat).5f, %(lon).5f is outside the municipalities served "
                "by LISA. Check the position on the map."
            )
            % {"lat": lat, "lon": lon},
        )


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    municipality: Area
    police_zone: Area | None
    neighbourhood: Area | None
    office_catchment: Area | None

    @property
    def region(self) -> Area | None:
        parent = self.municipality.parent
        return parent if parent is not None and parent.kind == AreaKind.REGION else None

    def areas(self) -> list[Area]:
        return [
            area
            for area in (
                self.municipality,
                self.police_zone,
                self.neighbourhood,
                self.office_catchment,
                self.region,
            )
            if area is not None
        ]


class Locator:
    """The STRtree index over every located area, with the areas it returns."""

    def __init__(self, areas: Sequence[Area]):
        self.areas_by_id = {area.id: area for area in areas}
        self.index = AreaIndex(
            (IndexedArea(area.kind, area.id, parse_area_geometry(area.geometry)) for area in areas),
            territory_kind=AreaKind.MUNICIPALITY,
            # A catchment ends where its neighbourhoods end: no tolerance at its edge.
            exact_kinds={AreaKind.OFFICE_CATCHMENT},
        )
        for area in areas:
            # The geometry now lives in the index; the cached rows need only names.
            area.geometry = None

    def locate(self, *, lat: float, lon: float) -> Location:
        """Return the areas holding the point, or raise OutsideTerritory."""
        check_coordinates(lat=lat, lon=lon)
        found = self.index.locate(lon, lat)
        if found is None:
            raise OutsideTerritory(lat=lat, lon=lon)

        def area(kind: str) -> Area | None:
            key = found.get(kind)
            return self.areas_by_id[key] if key is not None else None

        return Location(
            lat=lat,
            lon=lon,
            municipality=self.areas_by_id[found[AreaKind.MUNICIPALITY]],
            police_zone=area(AreaKind.POLICE_ZONE),
            neighbourhood=area(AreaKind.NEIGHBOURHOOD),
            office_catchment=area(AreaKind.OFFICE_CATCHMENT),
        )

    def locate_many(
        self, *, lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray
    ) -> dict[str, np.ndarray]:
        """Return {kind: array of area ids (None outside)} for many points at once."""
        located = self.index.locate_many(lons, lats)
        return {kind: located.get(kind, np.full(len(lats), None)) for kind in LOCATED_KINDS}


def check_coordinates(*, lat: float, lon: float) -> None:
    if not (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and math.isfinite(lat)
        and math.isfinite(lon)
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    ):
        raise LisaError(
            "invalid_coordinates",
            _("Latitude must be between -90 and 90 and longitude between -180 and 180."),
        )


def _build() -> Locator:
    areas = list(
        Area.objects.filter(kind__in=LOCATED_KINDS)
        .select_related("parent")
        .defer("parent__geometry")
        .order_by("kind", "id")
    )
    return Locator(areas)


def _stamp() -> tuple[int, object]:
    totals = Area.objects.filter(kind__in=LOCATED_KINDS).aggregate(
        count=Count("id"), last=Max("updated_at")
    )
    return totals["count"], totals["last"]


_cache: StampedCache[Locator] = StampedCache(
    _build, _stamp, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def get_locator() -> Locator:
    return _cache.get()


def invalidate_locator(**_kwargs: object) -> None:
    _cache.invalidate()


def locate(*, lat: float, lon: float) -> Location:
    """Return the areas holding the point, or raise OutsideTerritory."""
    return get_locator().locate(lat=lat, lon=lon)
