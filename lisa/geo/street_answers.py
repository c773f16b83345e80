"""The street endpoints' answers, shared by the staff screens and the resident's site.

Both ask the same geocoder and answer in the same JSON; only who may ask and how long a
browser may keep the answer differ, and that stays in their views.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lisa.errors import LisaError
from lisa.geo.geocoder import Street, StreetMatch, get_geocoder

SUGGESTIONS = 10
# Fewer letters than this find too many streets to be of help.
MIN_QUERY_LENGTH = 2
# The longest street name of the region has 60-odd characters; more is not a street.
MAX_QUERY_LENGTH = 100


def page_language() -> str:
    return (get_language() or "fr")[:2]


def street_as_json(street: Street, language: str) -> dict[str, object]:
    """Return a street as the street endpoints give it, named in `language`."""
    return {
        "label": street.label(language),
        "name": street.name_in(language),
        "name_fr": street.name_fr,
        "name_nl": street.name_nl,
        "municipality": street.municipality_in(language),
        "municipality_code": street.municipality_code,
        "lat": street.lat,
        "lon": street.lon,
        # The house the point is at, when the geocoder knows houses (UrbIS); else "".
        "number": street.number,
    }


def search_query(request: HttpRequest) -> str:
    """Return the text to search from `q` (or `street`, the intake forms' field)."""
    text = (request.GET.get("q") or request.GET.get("street") or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise LisaError(
            "query_too_long",
            _("Type at most %(max)s characters of a street name.") % {"max": MAX_QUERY_LENGTH},
            field="q",
        )
    return text


def street_suggestions(text: str) -> list[StreetMatch]:
    """Return the streets matching what was typed, none for fewer than two letters."""
    if len(text) < MIN_QUERY_LENGTH:
        return []
    return get_geocoder().search(text, page_language(), SUGGESTIONS)


def suggestions_json(matches: list[StreetMatch]) -> JsonResponse:
    """Return {"results": [street, ...]}, each named in the language its name matched in."""
    return JsonResponse(
        {"results": [street_as_json(match.street, match.language) for match in matches]}
    )


def street_search_json(request: HttpRequest) -> JsonResponse:
    """Answer a search (`q`) in JSON: 200 with results, 400 for bad input, 503 when down."""
    try:
        return suggestions_json(street_suggestions(search_query(request)))
    except LisaError as error:
        return error_json(error)


def nearest_street_json(request: HttpRequest) -> JsonResponse:
    """Answer the street nearest to `lat`, `lon` (a phone's position) in the page's language."""
    try:
        lat = float(request.GET.get("lat", ""))
        lon = float(request.GET.get("lon", ""))
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        return JsonResponse(
            {"code": "invalid_coordinates", "message": _("Give a latitude and a longitude.")},
            status=400,
        )
    try:
        street = get_geocoder().reverse(lat, lon)
    except LisaError as error:
        return error_json(error)
    if street is None:
        return JsonResponse(
            {"code": "no_street_near", "message": _("No street of the region is near here.")},
            status=404,
        )
    return JsonResponse(street_as_json(street, page_language()))


def error_json(error: LisaError) -> JsonResponse:
    """Return the error's {code, message}: 400 for what was asked, 503 when LISA cannot search."""
    status = 503 if error.code == "geocoder_unavailable" else error.status
    return JsonResponse(error.as_dict(), status=status)
