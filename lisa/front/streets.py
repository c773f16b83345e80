"""The street search of the resident's site: the staff's answers, open to all, cacheable."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from lisa.geo import street_answers

# Street names change a few times a year; an hour in a browser or a proxy costs nothing.
CACHE_SECONDS = 3600


@require_GET
def street_search(request: HttpRequest) -> JsonResponse:
    """Return the streets matching `q`, named in the page's language (or the one typed in)."""
    return _cacheable(street_answers.street_search_json(request))


@require_GET
def street_nearest(request: HttpRequest) -> JsonResponse:
    """Return the street nearest to `lat`, `lon`, named in the page's language."""
    return _cacheable(street_answers.nearest_street_json(request))


def _cacheable(response: JsonResponse) -> JsonResponse:
    # The language is in the URL, so the answer is the same for everyone. An error is not
    # kept: a 503 may be over in a minute and a 400 says nothing worth keeping.
    if response.status_code in (200, 404):
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "no-store"
    return response
