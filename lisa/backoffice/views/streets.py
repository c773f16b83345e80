"""Street search for the intake forms: suggestions as you type, the street nearest a position.

The answers are built in lisa/geo/street_answers.py, shared with the resident's site.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.errors import LisaError
from lisa.geo import street_answers


@staff_view
@require_GET
def street_search(request: AuthedRequest) -> HttpResponse:
    """Return the streets matching `q` (or `street`): <option>s for htmx, JSON otherwise."""
    if request.headers.get("HX-Request") == "true" or request.GET.get("format") == "html":
        try:
            text = street_answers.search_query(request)
            matches = street_answers.street_suggestions(text)
        except LisaError as error:
            return street_answers.error_json(error)
        response = render(request, "backoffice/intake/street_options.html", {"matches": matches})
    else:
        response = street_answers.street_search_json(request)
    if response.status_code == 200:
        response["Cache-Control"] = "private, max-age=300"
    response["Vary"] = "HX-Request, Accept-Language, Cookie"
    return response


@staff_view
@require_GET
def street_nearest(request: AuthedRequest) -> JsonResponse:
    """Return the street nearest to `lat`, `lon` (a phone's position), in the page's language."""
    return street_answers.nearest_street_json(request)
