import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lisa.geo.models import Area, AreaKind


@require_GET
@cache_control(public=True, max_age=3600)
def areas_geojson(request: HttpRequest, kind: str) -> HttpResponse:
    """Return the areas of a kind as simplified GeoJSON, names in the visitor's language."""
    if kind not in AreaKind.values:
        raise Http404
    areas = (
        Area.objects.filter(kind=kind)
        .only("code", "name_fr", "name_nl", "name_en", "outline")
        .order_by("code")
    )
    features = ",".join(_feature(area) for area in areas)
    body = f'{{"type":"FeatureCollection","features":[{features}]}}'
    response = HttpResponse(body, content_type="application/geo+json")
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _feature(area: Area) -> str:
    # The outline was simplified at import and is GeoJSON text already: it goes
    # into the answer as it is. An area written without the importer has none.
    properties = json.dumps({"code": area.code, "name": area.name}, ensure_ascii=False)
    return f'{{"type":"Feature","properties":{properties},"geometry":{area.outline or "null"}}}'
