"""Locate a point in the municipality, police zone, neighbourhood and office catchment."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connections
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _
from shapely.geometry.base import BaseGeometry

from lisa.errors import LisaError
from lisa.geo.models import LOCATED_KINDS, Area, AreaKind
from lisa.lib.cache import StampedCache
from lisa.lib.geometry import AreaIndex, IndexedArea, parse_area_geometry

logger = logging.getLogger(__name__)


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
    """The areas holding a point: municipality, police zone, neighbourhood, catchment.

    A catchment made of neighbourhoods (an office's) is never looked up by its
    geometry: the point's catchment is the one its neighbourhood belongs to, so
    the two always agree, edge tolerance included. Only catchments that are not
    made of neighbourhoods (imported as they are) are in the geometric index,
    located exactly, and only for a point whose neighbourhood is in no catchment.
    """

    def __init__(
        self,
        areas: Sequence[Area],
        *,
        index: AreaIndex,
        catchment_of_neighbourhood: Mapping[int, int],
    ):
        self.areas_by_id = {area.id: area for area in areas}
        self.index = index
        self.catchment_of_neighbourhood = dict(catchment_of_neighbourhood)
        # The same map as an array, for locate_many: position = neighbourhood id.
        self._catchment_by_neighbourhood = np.full(
            max([*self.areas_by_id, *self.catchment_of_neighbourhood], default=0) + 1,
            None,
            dtype=object,
        )
        for neighbourhood_id, catchment_id in self.catchment_of_neighbourhood.items():
            self._catchment_by_neighbourhood[neighbourhood_id] = catchment_id

    def locate(self, *, lat: float, lon: float) -> Location:
        """Return the areas holding the point, or raise OutsideTerritory."""
        check_coordinates(lat=lat, lon=lon)
        found = self.index.locate(lon, lat)
        if found is None:
            raise OutsideTerritory(lat=lat, lon=lon)

        def area(key: int | None) -> Area | None:
            return self.areas_by_id[key] if key is not None else None

        neighbourhood = found.get(AreaKind.NEIGHBOURHOOD)
        catchment = (
            self.catchment_of_neighbourhood.get(neighbourhood)
            if neighbourhood is not None
            else None
        )
        if catchment is None:
            catchment = found.get(AreaKind.OFFICE_CATCHMENT)
        return Location(
            lat=lat,
            lon=lon,
            municipality=self.areas_by_id[found[AreaKind.MUNICIPALITY]],
            police_zone=area(found.get(AreaKind.POLICE_ZONE)),
            neighbourhood=area(neighbourhood),
            office_catchment=area(catchment),
        )

    def locate_many(
        self, *, lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray
    ) -> dict[str, np.ndarray]:
        """Return {kind: array of area ids (None outside)} for many points at once."""
        located = self.index.locate_many(lons, lats)
        nothing = np.full(len(lats), None, dtype=object)
        neighbourhoods = located.get(AreaKind.NEIGHBOURHOOD, nothing)
        known = neighbourhoods != None  # noqa: E711 (elementwise, on an array of objects)
        catchments = np.array(located.get(AreaKind.OFFICE_CATCHMENT, nothing), dtype=object)
        from_neighbourhood = np.full(len(lats), None, dtype=object)
        from_neighbourhood[known] = self._catchment_by_neighbourhood[
            neighbourhoods[known].astype(np.int64)
        ]
        made_of_neighbourhoods = from_neighbourhood != None  # noqa: E711
        catchments[made_of_neighbourhoods] = from_neighbourhood[made_of_neighbourhoods]
        return {
            AreaKind.MUNICIPALITY: located.get(AreaKind.MUNICIPALITY, nothing),
            AreaKind.POLICE_ZONE: located.get(AreaKind.POLICE_ZONE, nothing),
            AreaKind.NEIGHBOURHOOD: neighbourhoods,
            AreaKind.OFFICE_CATCHMENT: catchments,
        }


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
    # The rows carry names and parents only; geometry is read by _index_of, and
    # only for the areas that changed since the last build.
    areas = list(
        Area.objects.filter(kind__in=LOCATED_KINDS)
        .select_related("parent")
        .defer("geometry", "outline", "parent__geometry", "parent__outline")
        .order_by("kind", "id")
    )
    catchment_of_neighbourhood = _catchments_made_of_neighbourhoods()
    made_of_neighbourhoods = set(catchment_of_neighbourhood.values())
    indexed = [area for area in areas if area.id not in made_of_neighbourhoods]
    return Locator(
        areas,
        index=_index.of(indexed),
        catchment_of_neighbourhood=catchment_of_neighbourhood,
    )


def _catchments_made_of_neighbourhoods() -> dict[int, int]:
    """Return {neighbourhood id: id of the catchment area of the office it belongs to}.

    A neighbourhood belongs to one office's catchment; should two offices list
    it, the first office made keeps it, the same in every process.
    """
    links = (
        Area.catchment_offices.through.objects.filter(office__catchment__isnull=False)
        .order_by("office_id", "area_id")
        .values_list("area_id", "office__catchment_id")
    )
    catchments: dict[int, int] = {}
    for neighbourhood_id, catchment_id in links:
        catchments.setdefault(neighbourhood_id, catchment_id)
    return catchments


class _IndexMemo:
    """The last geometric index built, and the parsed geometry of each area in it.

    A rebuild whose areas have the same ids, kinds and update times as the last
    one reuses its index; otherwise only the areas that changed are read and
    parsed again. An office edit that leaves the catchments' geometry as it was
    therefore rebuilds nothing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature: tuple[tuple[int, str, object], ...] | None = None
        self._index: AreaIndex | None = None
        self._geometries: dict[tuple[int, object], BaseGeometry] = {}
        self.builds = 0  # how many indexes this process built, for tests and benchmarks

    def of(self, areas: Sequence[Area]) -> AreaIndex:
        signature = tuple((area.id, area.kind, area.updated_at) for area in areas)
        with self._lock:
            if self._index is not None and signature == self._signature:
                return self._index
            known = self._geometries
            missing = [area.id for area in areas if (area.id, area.updated_at) not in known]
            read = dict(Area.objects.filter(id__in=missing).values_list("id", "geometry"))
            geometries: dict[tuple[int, object], BaseGeometry] = {}
            for area in areas:
                key = (area.id, area.updated_at)
                geometry = known.get(key)
                geometries[key] = (
                    geometry if geometry is not None else parse_area_geometry(read[area.id])
                )
            index = AreaIndex(
                (
                    IndexedArea(area.kind, area.id, geometries[(area.id, area.updated_at)])
                    for area in areas
                ),
                territory_kind=AreaKind.MUNICIPALITY,
                # A catchment imported as it is ends at its edge: no tolerance there.
                exact_kinds={AreaKind.OFFICE_CATCHMENT},
            )
            self._signature, self._index, self._geometries = signature, index, geometries
            self.builds += 1
            return index


_index = _IndexMemo()


def _stamp() -> tuple[int, object, int]:
    totals = Area.objects.filter(kind__in=LOCATED_KINDS).aggregate(
        count=Count("id"), last=Max("updated_at")
    )
    # Which neighbourhoods make which catchment: office_set_catchment also
    # rewrites the catchment area, but deleting an office changes only this.
    links = Area.catchment_offices.through.objects.count()
    return totals["count"], totals["last"], links


_cache: StampedCache[Locator] = StampedCache(
    _build, _stamp, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def get_locator() -> Locator:
    return _cache.get()


def index_builds() -> int:
    """Return how many geometric indexes this process has built (each takes a few 100 ms)."""
    return _index.builds


def build_locator_at_startup() -> None:
    """Build the locator before the first request, then let go of the database.

    Called by the WSGI module (gunicorn, runserver), never by commands or
    migrations. A failure (no database yet, no geography yet) is logged and left
    to the first request, which builds the locator or reports the error.
    """
    try:
        get_locator()
    except Exception:
        logger.warning("the locator could not be built at start-up", exc_info=True)
    finally:
        # A server that forks its workers after loading the application
        # (gunicorn --preload) must not hand them this process's connection. One
        # inside a transaction (a test's) is left open: closing would abort it.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()


def invalidate_locator(**_kwargs: object) -> None:
    _cache.invalidate()


def locate(*, lat: float, lon: float) -> Location:
    """Return the areas holding the point, or raise OutsideTerritory."""
    return get_locator().locate(lat=lat, lon=lon)
