"""The Open311 GeoReport v2 server at /open311/v2/: what a generic client reads first.

discovery, services and services/{service_code}, each in .xml (which the specification
requires) and .json. Reports (POST and GET requests) come next, through `report_create` and
the public selectors. Names and descriptions are in the language of the request
(Accept-Language), French by default.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lisa.open311.formats import answer, errors
from lisa.open311.services import service, service_categories, service_definition

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-26T00:00:00Z"  # the date this list of endpoints last changed


def _jurisdiction_refused(request: HttpRequest, fmt: str) -> HttpResponse | None:
    """A jurisdiction other than this one: 404, as the specification says."""
    asked = request.GET.get("jurisdiction_id")
    if asked and asked != settings.LISA_OPEN311_JURISDICTION:
        return errors(
            404,
            _("This server answers for the jurisdiction %(jurisdiction)s only.")
            % {"jurisdiction": settings.LISA_OPEN311_JURISDICTION},
            fmt=fmt,
        )
    return None


def _cors(response: HttpResponse) -> HttpResponse:
    # Reads are public: any web page may ask them.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Return where this server is and what it speaks."""
    base = request.build_absolute_uri(reverse("open311-root"))
    body = {
        "changeset": CHANGESET,
        "contact": settings.LISA_OPEN311_CONTACT,
        "key_service": settings.LISA_OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base.rstrip("/"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _cors(answer(body, root="discovery", fmt=fmt))


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """Return every category a report can be made in."""
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return _cors(refused)
    body = [service(category) for category in service_categories()]
    return _cors(answer(body, root="services", fmt=fmt))


@require_GET
def service_detail(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """Return a category's extra questions as the service's attributes."""
    refused = _jurisdiction_refused(request, fmt)
    if refused:
        return _cors(refused)
    category = service_categories().filter(code=code).first()
    if category is None:
        return _cors(
            errors(404, _("There is no service %(code)s.") % {"code": code[:100]}, fmt=fmt)
        )
    return _cors(answer(service_definition(category), root="service_definition", fmt=fmt))
