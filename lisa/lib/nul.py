"""Requests whose text holds a NUL character are bad input, refused before any view.

No database stores a NUL character in text (PostgreSQL refuses it, SQLite cuts the text),
and no person types one: it comes from a broken client or a probe. Refused here, once, with
the error shape of the part of the site asked (Open311, the JSON API, a page), in the
reader's language; JSON bodies of the API are checked by its schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def holds_nul(value: Any) -> bool:
    """Return whether text in the value (a string, or dicts and lists of them, keys included)
    holds a NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def request_holds_nul(request: HttpRequest) -> bool:
    """Return whether the request's path, query string or form fields hold a NUL character."""
    if holds_nul(request.path) or holds_nul(dict(request.GET.lists())):
        return True
    return request.content_type in FORMS and holds_nul(dict(request.POST.lists()))


class RefuseNulMiddleware:
    """Answer 400 to a request holding a NUL character, in the shape its caller reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_holds_nul(request):
            return self.get_response(request)
        message = _("The request holds a NUL character (\\0), which LISA cannot store.")
        if request.path.startswith("/open311/"):
            from lisa.open311.formats import errors

            return errors(400, message, fmt="xml" if request.path.endswith(".xml") else "json")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": message}, status=400)
        # A page: the site's 400 page, in the reader's language.
        raise SuspiciousOperation(message)
