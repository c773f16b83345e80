"""The API's one shape of errors: {"code", "message"}, the message in the request's language."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lisa.errors import LisaError, NotFound


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class Unauthenticated(LisaError):
    status = 401


class Forbidden(LisaError):
    status = 403


class Invalid(LisaError):
    status = 422


class TooManyRequests(LisaError):
    status = 429


# What every operation may answer besides its success: documented so that clients (and the
# schema fuzz in the tests) know the shape of each refusal.
ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 422, 429), ErrorOut)


def _answer(api: NinjaAPI, request: HttpRequest, error: LisaError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


def _field_of(location: Any) -> str:
    # ("body", "payload", "lat") or ("query", "limit"): the name the client wrote.
    # Only the first part names where the value was: a field may be called "body" too.
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "form", "file"):
        parts = parts[1:]
    return ".".join(parts[1:] if len(parts) > 1 and parts[0] == "payload" else parts)


def install(api: NinjaAPI) -> None:
    """Answer every refusal of the API with {"code", "message"} and its status."""

    @api.exception_handler(LisaError)
    def refused(request: HttpRequest, error: LisaError) -> HttpResponse:
        return _answer(api, request, error)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        fields = sorted({_field_of(item.get("loc", ())) for item in error.errors} - {""})
        message = (
            _("These values are missing or invalid: %(fields)s.") % {"fields": ", ".join(fields)}
            if fields
            else _("The request is invalid.")
        )
        field = fields[0] if len(fields) == 1 else None
        return _answer(api, request, Invalid("invalid", message, field=field))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        return _answer(
            api,
            request,
            Unauthenticated(
                "unauthenticated",
                _("Give a valid API key in the X-API-Key header, or sign in."),
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        # django-ninja raises it for a failed CSRF check of a signed-in person's write.
        if error.status_code == 403:
            refusal: LisaError = Forbidden(
                "csrf_failed",
                _("A write with a session needs the CSRF token in the X-CSRFToken header."),
            )
        else:
            # A body that cannot be read (not JSON, a broken form) is the other case.
            refusal = LisaError("invalid", _("The request body cannot be read."))
        return _answer(api, request, refusal)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return _answer(api, request, NotFound("not_found", _("There is no such thing.")))
