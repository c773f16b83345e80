"""Rate limits of the public forms: a person can report and register, a script cannot flood.

django-ratelimit counts the requests of each address in the shared cache (the database
cache, so that every worker process counts together). The rates are settings
(LISA_RATE_LIMITS) so that an office behind one shared address can be given more.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from lisa.accounts.lockout import client_ip


def _address(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def over_limit(request: HttpRequest, *, form: str) -> bool:
    """Count this submission of `form` and say whether its address went over the rate."""
    return is_ratelimited(
        request,
        group=f"lisa.{form}",
        key=_address,
        rate=settings.LISA_RATE_LIMITS[form],
        method=is_ratelimited.ALL,
        increment=True,
    )


def too_many(request: HttpRequest) -> HttpResponse:
    """Answer a submission over the rate: a page in the visitor's language, status 429."""
    return render(request, "429.html", status=429)
