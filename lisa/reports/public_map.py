"""The public map of reports: what the public may see, counted in a grid or shown one by one.

Everything here reads through public_reports(), the one place that says what the public
sees: private categories are absent from the queries themselves, so no count, cluster or
total includes them. A report on the map is its category, status, date and street, at a
position rounded to about ten metres; never its text, reference, address or resident.
See docs/adr/0012-public-map-aggregation.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.db.models import Count, DateTimeField, F, IntegerField, Min, QuerySet, Sum, Value
from django.db.models.functions import Floor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisa.errors import LisaError
from lisa.geo.geocoder import get_geocoder
from lisa.geo.models import Area, AreaKind
from lisa.lib.map_grid import MAX_CELLS, BBox, Grid
from lisa.reports.models import OPEN_STATUSES, Category, PublicMapCell, Report, Status
from lisa.reports.public import public_reports

# Cells are square on screen at this latitude (Brussels'), a few percent off across Belgium.
# One latitude for every request: a cell is the same whatever the viewport.
GRID_LATITUDE = 51
# The grids of PublicMapCell: a zoom up to the last one is read from the first grid at least
# as fine (see map_features). 13 holds the region's views, 14 a municipality's.
ROLLUP_ZOOMS = (13, 14)
# From this zoom on (streets and house blocks), a cell holding one report shows the report.
DETAIL_ZOOM = 16
# About 10 m at Brussels' latitude: the street, not the doorstep.
POINT_DECIMALS = 4
# Counts below this are shown as "fewer than 5" in the tables (open data's rule, DESIGN.md).
SMALL_COUNT = 5
LATEST_COUNT = 20

# The status filter: two groups a resident thinks in, then each status the public sees.
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "open": tuple(OPEN_STATUSES),
    "resolved": (Status.RESOLVED, Status.CLOSED),
}
STATUS_GROUP_LABELS = {
    "open": gettext_lazy("open (not yet resolved)"),
    "resolved": gettext_lazy("resolved or closed"),
}
FINER_STATUSES = (*OPEN_STATUSES, Status.CLOSED)


@dataclass(frozen=True)
class MapFilters:
    """What a visitor narrowed the map to; empty fields narrow nothing."""

    category: Category | None = None
    category_ids: tuple[int, ...] = ()
    status: str = ""
    since: dt.date | None = None
    municipality: Area | None = None
    given: dict[str, str] = field(default_factory=dict)


def map_filters(
    *, category: str = "", status: str = "", since: str = "", municipality: str = ""
) -> MapFilters:
    """Return the filters the query parameters name, or raise LisaError naming the bad one."""
    given = {}
    chosen_category = None
    category_ids: tuple[int, ...] = ()
    if category:
        chosen_category = public_categories().filter(code=category).first()
        if chosen_category is None:
            raise LisaError(
                "unknown_category", _("There is no such category on the map."), field="category"
            )
        category_ids = (
            chosen_category.id,
            *public_categories().filter(parent=chosen_category).values_list("id", flat=True),
        )
        given["category"] = category
    if status:
        if status not in STATUS_GROUPS and status not in FINER_STATUSES:
            raise LisaError("unknown_status", _("There is no such status."), field="status")
        given["status"] = status
    since_date = None
    if since:
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            raise LisaError(
                "invalid_since",
                _("The date must be written as year-month-day, e.g. 2026-01-31."),
                field="since",
            ) from None
        given["since"] = since
    area = None
    if municipality:
        area = (
            Area.objects.filter(kind=AreaKind.MUNICIPALITY, code=municipality)
            .defer("geometry", "outline")
            .first()
        )
        if area is None:
            raise LisaError(
                "unknown_municipality",
                _("There is no such municipality in the region."),
                field="municipality",
            )
        given["municipality"] = municipality
    return MapFilters(
        category=chosen_category,
        category_ids=category_ids,
        status=status,
        since=since_date,
        municipality=area,
        given=given,
    )


def public_categories() -> QuerySet[Category]:
    """Return the categories whose reports the public may see."""
    return Category.objects.filter(is_private=False)


def public_map_reports(filters: MapFilters) -> QuerySet[Report]:
    """Return the public reports the filters leave, in no order."""
    reports = public_reports().order_by()
    if filters.category_ids:
        reports = reports.filter(category_id__in=filters.category_ids)
    if filters.status:
        statuses = STATUS_GROUPS.get(filters.status, (filters.status,))
        reports = reports.filter(status__in=statuses)
    if filters.since:
        start = dt.datetime.combine(
            filters.since, dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        reports = reports.filter(created_at__gte=start)
    if filters.municipality:
        reports = reports.filter(municipality=filters.municipality)
    return reports


@dataclass(frozen=True)
class MapAnswer:
    """The GeoJSON features of a viewport and how many reports they stand for."""

    features: list[dict[str, Any]]
    total: int
    grid: Grid


def map_features(*, filters: MapFilters, bbox: BBox, zoom: int, language: str) -> MapAnswer:
    """Return the viewport's reports counted per grid cell, at the mean position of each.

    Up to the last of ROLLUP_ZOOMS the cells add up the rows of PublicMapCell (a copy of
    public_reports() counted per cell of a grid, at most a few minutes old) when it is fresh
    and the filters are among its columns; otherwise, and closer, the reports themselves.
    From DETAIL_ZOOM on, a cell with a single report shows that report (see public_point).
    """
    grid = Grid.at(zoom, GRID_LATITUDE)
    if grid.cells_in(bbox) > MAX_CELLS:
        raise LisaError(
            "bbox_too_large",
            _("This area is too large for the zoom level: zoom out or ask for a smaller area."),
            field="bbox",
        )
    box = grid.snap(bbox)
    filters = _without_idle_period(filters)
    if zoom <= ROLLUP_ZOOMS[-1] and filters.since is None and rollup_is_fresh():
        cells = _cells_from_rollup(filters, grid, box)
    else:
        cells = _cells_from_reports(filters, grid, box)
    features: list[dict[str, Any]] = []
    single: list[int] = []
    total = 0
    for cell in cells:
        total += cell["count"]
        if cell["count"] == 1 and zoom >= DETAIL_ZOOM:
            single.append(cell["first"])
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    # Rounded as single reports are: two reports at one door stay at ~10 m.
                    "coordinates": [
                        round(cell["lon_sum"] / cell["count"], POINT_DECIMALS),
                        round(cell["lat_sum"] / cell["count"], POINT_DECIMALS),
                    ],
                },
                "properties": {"kind": "cluster", "count": cell["count"]},
            }
        )
    if single:
        features.extend(
            public_point(row)
            for row in _public_rows(
                public_map_reports(filters).filter(id__in=single), language=language
            )
        )
    return MapAnswer(features=features, total=total, grid=grid)


def _without_idle_period(filters: MapFilters) -> MapFilters:
    """Drop a period that starts before the first public report: it narrows nothing.

    So "the last 12 months" of a LISA younger than that is read from the cells too.
    """
    if filters.since is None:
        return filters
    first = public_reports().order_by("created_at").values_list("created_at", flat=True).first()
    if first is None or timezone.localtime(first).date() >= filters.since:
        return replace(filters, since=None)
    return filters


def _cells_from_reports(filters: MapFilters, grid: Grid, box: BBox) -> QuerySet[Any]:
    return (
        public_map_reports(filters)
        .filter(lat__gte=box.south, lat__lt=box.north, lon__gte=box.west, lon__lt=box.east)
        .annotate(
            row=Floor(F("lat") / Value(grid.lat_size)),
            column=Floor(F("lon") / Value(grid.lon_size)),
        )
        .values("row", "column")
        .annotate(count=Count("*"), lat_sum=Sum("lat"), lon_sum=Sum("lon"), first=Min("id"))
    )


def _cells_from_rollup(filters: MapFilters, grid: Grid, box: BBox) -> QuerySet[Any]:
    # A cell of the zoom is 2^(level - zoom) cells of the level's grid on a side, on the
    # same anchor: the snapped box is a range of whole cells of the level.
    level = min(zoom for zoom in ROLLUP_ZOOMS if zoom >= grid.zoom)
    base = Grid.at(level, GRID_LATITUDE)
    side = float(2 ** (level - grid.zoom))
    return (
        _rollup_cells(filters)
        .filter(
            zoom=level,
            row__gte=round(box.south / base.lat_size),
            row__lt=round(box.north / base.lat_size),
            column__gte=round(box.west / base.lon_size),
            column__lt=round(box.east / base.lon_size),
        )
        .annotate(
            cell_row=Floor(F("row") / Value(side)), cell_column=Floor(F("column") / Value(side))
        )
        .values("cell_row", "cell_column")
        .annotate(count=Sum("count"), lat_sum=Sum("lat_sum"), lon_sum=Sum("lon_sum"))
        .order_by()
    )


def _rollup_cells(filters: MapFilters) -> QuerySet[PublicMapCell]:
    """Return the cells of the filters; a category made private since is left out."""
    cells = PublicMapCell.objects.filter(category__is_private=False)
    if filters.category_ids:
        cells = cells.filter(category_id__in=filters.category_ids)
    if filters.status:
        cells = cells.filter(status__in=STATUS_GROUPS.get(filters.status, (filters.status,)))
    if filters.municipality:
        cells = cells.filter(municipality=filters.municipality)
    return cells


def rollup_is_fresh() -> bool:
    """Say whether PublicMapCell was rebuilt recently enough to stand for the reports."""
    refreshed = PublicMapCell.objects.values_list("refreshed_at", flat=True).first()
    if refreshed is None:
        return False
    age = (timezone.now() - refreshed).total_seconds()
    return 0 <= age <= settings.LISA_PUBLIC_MAP_MAX_AGE


def rollup_rows(*, zoom: int, refreshed_at: dt.datetime) -> QuerySet[Any]:
    """Return public_reports() counted per cell of the zoom, category, status and municipality.

    The columns come in ROLLUP_COLUMNS' order, for public_map_refresh's INSERT … SELECT.
    """
    base = Grid.at(zoom, GRID_LATITUDE)
    return (
        public_reports()
        .order_by()
        .annotate(
            cell_row=Floor(F("lat") / Value(base.lat_size)),
            cell_column=Floor(F("lon") / Value(base.lon_size)),
        )
        .values("cell_row", "cell_column", "category_id", "status", "municipality_id")
        .annotate(
            count=Count("*"),
            lat_sum=Sum("lat"),
            lon_sum=Sum("lon"),
            refreshed_at=Value(refreshed_at, output_field=DateTimeField()),
            zoom=Value(zoom, output_field=IntegerField()),
        )
    )


ROLLUP_COLUMNS = (
    "row",
    "column",
    "category",
    "status",
    "municipality",
    "count",
    "lat_sum",
    "lon_sum",
    "refreshed_at",
    "zoom",
)


def public_point(row: dict[str, Any]) -> dict[str, Any]:
    """Return one report as the public sees it: what, where (the street), when, how far."""
    lat = round(row["lat"], POINT_DECIMALS)
    lon = round(row["lon"], POINT_DECIMALS)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "kind": "report",
            "category": row["category"],
            "status": row["status"],
            "status_label": row["status_label"],
            "date": row["date"],
            "place": row["place"],
        },
    }


def latest_public_reports(filters: MapFilters, *, language: str) -> list[dict[str, Any]]:
    """Return the newest public reports of the filters, as the map's popups show them."""
    reports = public_map_reports(filters).order_by("-created_at", "-id")[:LATEST_COUNT]
    return _public_rows(reports, language=language)


def _public_rows(reports: QuerySet[Report], *, language: str) -> list[dict[str, Any]]:
    # Only the columns the public may see leave the database.
    rows = list(
        reports.values("lat", "lon", "category_id", "status", "created_at", "municipality_id")
    )
    categories = {c.id: c for c in Category.objects.filter(id__in={r["category_id"] for r in rows})}
    municipalities = {
        a.id: a
        for a in Area.objects.filter(id__in={r["municipality_id"] for r in rows}).defer(
            "geometry", "outline"
        )
    }
    geocoder = get_geocoder()
    statuses = dict(Status.choices)
    public = []
    for row in rows:
        street = geocoder.reverse(row["lat"], row["lon"])
        municipality = municipalities[row["municipality_id"]].name_in(language)
        day = timezone.localtime(row["created_at"]).date()
        public.append(
            {
                "lat": row["lat"],
                "lon": row["lon"],
                "category": categories[row["category_id"]].name_in(language),
                "status": row["status"],
                "status_label": str(statuses[row["status"]]),
                "day": day,
                "date": day.isoformat(),
                "place": f"{street.name_in(language)} ({municipality})" if street else municipality,
            }
        )
    return public


@dataclass(frozen=True)
class MunicipalityCount:
    municipality: Area
    count: int

    @property
    def is_small(self) -> bool:
        return 0 < self.count < SMALL_COUNT


def counts_by_municipality(filters: MapFilters) -> list[MunicipalityCount]:
    """Return how many public reports of the filters each municipality has, by name."""
    rows: QuerySet[Any]
    filters = _without_idle_period(filters)
    if filters.since is None and rollup_is_fresh():
        rows = (
            _rollup_cells(filters)
            .filter(zoom=ROLLUP_ZOOMS[0])
            .values("municipality")
            .annotate(total=Sum("count"))
        )
    else:
        rows = public_map_reports(filters).values("municipality").annotate(total=Count("*"))
    counts = dict(rows.order_by().values_list("municipality", "total"))
    municipalities = Area.objects.filter(kind=AreaKind.MUNICIPALITY).only(
        "name_fr", "name_nl", "name_en", "code"
    )
    if filters.municipality:
        municipalities = municipalities.filter(id=filters.municipality.id)
    found = [MunicipalityCount(area, counts.get(area.id, 0)) for area in municipalities]
    return sorted(found, key=lambda row: row.municipality.name)
