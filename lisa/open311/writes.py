"""POST requests and GET tokens/{token}: reports sent by Open311 clients.

POST is form-encoded and authenticated by `api_key` (a key with the "write" scope), not by
cookies: CSRF does not apply. The report goes through `report_create` with channel open311,
so it is located, routed and checked as every other report; any refusal is a 400 with the
specification's list of errors and leaves nothing written.

LISA answers synchronously with the report's reference as `service_request_id`. A token is
therefore never needed; GET tokens/{token} still answers for a client that asks, with the
token being the reference itself.

`media_url` (http or https, at most 500 characters) is kept as a link on the report, which
staff open from its history (`resident_update_record`). LISA never fetches it: that would let
any key make this server call anywhere. It is the report's `media_url` in GET requests until
staff make one of LISA's own photos public.

Not kept: `device_id` and `account_id` (LISA has no accounts of Open311 clients' users: the key
names the client, the e-mail names the resident).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lisa.backoffice.intake import address_of
from lisa.errors import LisaError
from lisa.geo.geocoder import get_geocoder, resolve_street
from lisa.open311.formats import answer, errors
from lisa.open311.keys import api_key_for, key_over_limit
from lisa.open311.models import WRITE, ApiKey
from lisa.open311.services import service_categories
from lisa.open311.views import _jurisdiction_refused
from lisa.reports.actions import (
    ReporterDetails,
    clean_link,
    report_create,
    resident_update_record,
)
from lisa.reports.models import Channel, Report
from lisa.reports.public import public_reports

# GeoReport v2: "description: a full description of the request … up to 4,000 characters".
MAX_DESCRIPTION = 4000

_ATTRIBUTE = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?P<many>\[\])?$")


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _attributes(data: QueryDict) -> dict[str, Any]:
    """attribute[code]=value and attribute[code][]=value, as {code: value}."""
    found: dict[str, Any] = {}
    for key in data:
        matched = _ATTRIBUTE.match(key)
        if matched is None:
            continue
        values = [value for value in data.getlist(key) if value.strip()]
        if len(values) > 1:
            # No question of LISA takes several answers (multivaluelist is never offered).
            raise Refused(
                400,
                _("The attribute %(code)s takes one value.") % {"code": matched["code"][:100]},
            )
        if values:
            found[matched["code"]] = values[0].strip()
    return found


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise Refused(400, _("lat and long must be numbers.")) from None


def _place(data: QueryDict) -> tuple[float, float, str]:
    """Return (lat, lon, address) from lat+long or from address_string."""
    lat, lon = data.get("lat", "").strip(), data.get("long", "").strip()
    typed = data.get("address_string", "").strip()
    if lat and lon:
        return _float(lat), _float(lon), typed[:300]
    if not typed:
        raise Refused(400, _("Give the place as lat and long, or as address_string."))
    resolution = resolve_street(typed, language=get_language() or "fr")
    if resolution.match is None:
        raise Refused(400, _("No single street matches “%(text)s”.") % {"text": typed[:200]})
    street = resolution.match.street
    if resolution.number and street.number != resolution.number:
        # A geocoder that knows houses places the report at the house; the street will do.
        with contextlib.suppress(LisaError):
            street = get_geocoder().house(street, resolution.number) or street
    return street.lat, street.lon, address_of(resolution.match, resolution.number)


def _reporter(data: QueryDict) -> ReporterDetails | None:
    name = " ".join(
        part
        for part in (data.get("first_name", "").strip(), data.get("last_name", "").strip())
        if part
    )
    email, phone = data.get("email", "").strip(), data.get("phone", "").strip()
    if not (name or email or phone):
        return None
    return ReporterDetails(
        name=name[:200], email=email, phone=phone, language=get_language() or "fr"
    )


def _create(data: QueryDict, *, api_key: ApiKey) -> Report:
    category = service_categories().filter(code=data.get("service_code", "").strip()).first()
    if category is None:
        # GeoReport v2: a service_code not found is a 400 of POST (404 is for reads).
        raise Refused(
            400,
            _("There is no service %(code)s.") % {"code": data.get("service_code", "")[:100]},
        )
    description = data.get("description", "")
    if len(description.strip()) > MAX_DESCRIPTION:
        raise Refused(
            400,
            _("The description is limited to %(max)s characters.") % {"max": MAX_DESCRIPTION},
        )
    link = clean_link(data.get("media_url", ""))
    lat, lon, address = _place(data)
    # The report and its link together, or nothing.
    with transaction.atomic():
        report = report_create(
            category=category,
            lat=lat,
            lon=lon,
            address=address,
            description=description,
            attributes=_attributes(data),
            channel=Channel.OPEN311,
            reporter=_reporter(data),
            language=get_language() or "fr",
        ).report
        if link:
            resident_update_record(report=report, source=api_key.name, link=link)
    return report


def writer(request: HttpRequest, fmt: str) -> ApiKey | HttpResponse:
    """Return the POST's key if it may write here and now, else the answer refusing it."""
    data = request.POST
    api_key = api_key_for(data.get("api_key", ""), scope=WRITE)
    if api_key is None:
        return errors(403, _("The api_key is missing, unknown, revoked or cannot write."), fmt=fmt)
    if key_over_limit(request, api_key):
        return errors(429, _("Too many requests with this key: try again later."), fmt=fmt)
    refused = _jurisdiction_refused(request, fmt)
    asked = data.get("jurisdiction_id")
    if refused is None and asked and asked != settings.LISA_OPEN311_JURISDICTION:
        refused = errors(
            404,
            _("This server answers for the jurisdiction %(jurisdiction)s only.")
            % {"jurisdiction": settings.LISA_OPEN311_JURISDICTION},
            fmt=fmt,
        )
    return api_key if refused is None else refused


@csrf_exempt
@require_POST
def post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    """Make a report from a client's form-encoded POST."""
    data = request.POST
    api_key = writer(request, fmt)
    if isinstance(api_key, HttpResponse):
        return api_key
    try:
        report = _create(data, api_key=api_key)
    except Refused as refusal:
        return errors(refusal.status, refusal.message, fmt=fmt)
    except LisaError as error:
        return errors(400, str(error.message), fmt=fmt)
    body = [{"service_request_id": report.reference, "service_notice": "", "account_id": ""}]
    return answer(body, root="service_requests", fmt=fmt, status=201)


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The token is the reference (LISA answers POST at once): give it back as the id."""
    refused = _jurisdiction_refused(request, fmt)
    if refused is not None:
        return refused
    # Only what the public may see: a token must not tell that a private report exists.
    if not public_reports().filter(reference=token).exists():
        return errors(
            404,
            _("There is no request with the token %(token)s.") % {"token": token[:100]},
            fmt=fmt,
        )
    body = [{"service_request_id": token, "token": token}]
    response = answer(body, root="service_requests", fmt=fmt)
    response["Access-Control-Allow-Origin"] = "*"
    return response
