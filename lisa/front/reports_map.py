"""The public map of reports: the page (/<lang>/map/) and its GeoJSON (/map/reports.geojson).

The page works without JavaScript: its filters are a GET form and it lists the counts per
municipality and the latest reports; the script draws the map from the GeoJSON endpoint.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lisa.errors import LisaError
from lisa.geo.models import Area, AreaKind
from lisa.lib.map_grid import MAX_ZOOM, MIN_ZOOM, BBox
from lisa.reports.models import Status
from lisa.reports.public_map import (
    FINER_STATUSES,
    STATUS_GROUP_LABELS,
    MapFilters,
    counts_by_municipality,
    latest_public_reports,
    map_features,
    map_filters,
    public_categories,
)

FILTERS = ("category", "status", "since", "municipality")
# The periods offered on the page, in days back from today.
PERIODS = (7, 30, 90, 365)
# A viewport's answer may be reused this long: a new report shows up within a minute.
MAP_MAX_AGE = 60


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    """Show the map of public reports, with the counts per municipality and the latest ones."""
    language = translation.get_language()
    error = None
    try:
        filters = map_filters(**{name: request.GET.get(name, "").strip() for name in FILTERS})
    except LisaError as refused:
        # A link with a bad filter still shows the map, unfiltered, and says why.
        error, filters = refused, MapFilters()
    context = {
        "section": "map",
        "filters": filters,
        "error": error,
        "category_choices": _category_choices(),
        "status_choices": _status_choices(),
        "period_choices": _period_choices(filters),
        "municipalities": Area.objects.filter(kind=AreaKind.MUNICIPALITY).only(
            "code", "name_fr", "name_nl", "name_en"
        ),
        "counts": counts_by_municipality(filters),
        "latest": latest_public_reports(filters, language=language),
        "tiles_url": settings.LISA_TILE_URL,
        "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
        "start": _start_view(filters),
    }
    status = error.status if error else 200
    return render(request, "front/map.html", context, status=status)


@require_GET
@cache_control(public=True, max_age=MAP_MAX_AGE)
def map_reports_geojson(request: HttpRequest) -> HttpResponse:
    """Return a viewport's public reports as GeoJSON, counted per cell of a grid of the zoom.

    Parameters: bbox=west,south,east,north (degrees), zoom (0 to 20), and the page's filters.
    `lang` names the language of the categories, statuses and streets (else the visitor's).
    """
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        try:
            bbox = _bbox(request.GET.get("bbox", ""))
            zoom = _zoom(request.GET.get("zoom", ""))
            filters = map_filters(**{name: request.GET.get(name, "").strip() for name in FILTERS})
            answer = map_features(filters=filters, bbox=bbox, zoom=zoom, language=language)
        except LisaError as refused:
            response = JsonResponse(refused.as_dict(), status=refused.status)
            response["Vary"] = "Accept-Language, Cookie"
            return response
    body = {
        "type": "FeatureCollection",
        "features": answer.features,
        "total": answer.total,
        "zoom": zoom,
    }
    response = JsonResponse(body, content_type="application/geo+json")
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _bbox(text: str) -> BBox:
    if not text:
        raise LisaError("bbox_required", _("Say which area to show (bbox)."), field="bbox")
    try:
        return BBox.parse(text)
    except ValueError:
        raise LisaError(
            "invalid_bbox",
            _("The area must be four numbers: west, south, east, north, in degrees."),
            field="bbox",
        ) from None


def _zoom(text: str) -> int:
    try:
        zoom = int(text)
    except ValueError:
        zoom = -1
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise LisaError(
            "invalid_zoom",
            _("The zoom level must be a whole number from %(min)s to %(max)s.")
            % {"min": MIN_ZOOM, "max": MAX_ZOOM},
            field="zoom",
        )
    return zoom


def _category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the public categories as groups: each top category, then its sub-categories."""
    categories = list(public_categories().filter(is_active=True))
    groups = []
    for top in (c for c in categories if c.parent_id is None):
        children = [(c.code, c.name) for c in categories if c.parent_id == top.id]
        groups.append(
            (top.name, [(top.code, _("All: %(category)s") % {"category": top.name}), *children])
        )
    return groups


def _status_choices() -> list[tuple[str, str]]:
    labels = dict(Status.choices)
    return [(key, str(label)) for key, label in STATUS_GROUP_LABELS.items()] + [
        (status, str(labels[status])) for status in FINER_STATUSES
    ]


def _period_choices(filters: MapFilters) -> list[tuple[str, str]]:
    today = timezone.localdate()
    choices = [
        (
            (today - dt.timedelta(days=days)).isoformat(),
            _("the last %(days)s days") % {"days": days},
        )
        for days in PERIODS
    ]
    if filters.since and filters.since.isoformat() not in dict(choices):
        choices.append((filters.since.isoformat(), _("since %(date)s") % {"date": filters.since}))
    return choices


def _start_view(filters: MapFilters) -> dict[str, float]:
    """Return where the map opens: the chosen municipality, else the whole region."""
    if filters.municipality:
        return {
            "lat": filters.municipality.label_lat,
            "lon": filters.municipality.label_lon,
            "zoom": 14,
        }
    # The centre of Brussels, as on the home page's map of the offices.
    return {"lat": 50.8466, "lon": 4.3528, "zoom": 12}
