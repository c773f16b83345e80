import json

import shapely
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry

# About 10 m: enough for a map of the region, and a twentieth of the bytes.
DISPLAY_TOLERANCE_DEGREES = 0.0001


@require_GET
@cache_control(public=True, max_age=3600)
def areas_geojson(request: HttpRequest, kind: str) -> HttpResponse:
    """Return the areas of a kind as simplified GeoJSON, names in the visitor's language."""
    if kind not in AreaKind.values:
        raise Http404
    features = []
    for area in Area.objects.filter(kind=kind).order_by("code"):
        geometry = parse_area_geometry(area.geometry).simplify(DISPLAY_TOLERANCE_DEGREES)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": area.code, "name": area.name},
                "geometry": json.loads(shapely.to_geojson(geometry, indent=None)),
            }
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Vary"] = "Accept-Language, Cookie"
    return response
