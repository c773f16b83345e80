"""Requests whose text holds a NUL character are bad input, refused before any view.

No database stores a NUL character in text (PostgreSQL refuses it, SQLite cuts the text),
and no person types one: it comes from a broken client or a probe. Refused here, once, with
the error shape of the part of the site asked (Open311, the JSON API, a page), in the
reader's language; JSON bodies of the API are checked by its schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


def holds_nul(request: HttpRequest) -> bool:
    """Return whether the request's path, query string or form fields hold a NUL character."""
    if NUL in request.path or _holds_nul(request.GET.lists()):
        return True
    return request.content_type in FORMS and _holds_nul(request.POST.lists())


class RefuseNulMiddleware:
    """Answer 400 to a request holding a NUL character, in the shape its caller reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not holds_nul(request):
            return self.get_response(request)
        message = _("The request holds a NUL character (\\0), which LISA cannot store.")
        if request.path.startswith("/open311/"):
            from lisa.open311.formats import errors

            return errors(400, message, fmt="xml" if request.path.endswith(".xml") else "json")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": message}, status=400)
        # A page: the site's 400 page, in the reader's language.
        raise SuspiciousOperation(message)
