"""The lock-out after repeated failed sign-ins (django-axes): the address it counts by, and
the page a locked-out person sees."""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime
from typing import Any

from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def _counted(address: str | None) -> str | None:
    """Return the address to count failures by, or None if it is not an address.

    One IPv6 host usually holds a whole /64 and can change address within it at will: IPv6
    addresses are counted by their /64 network.
    """
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


def client_ip(request: HttpRequest) -> str | None:
    """Return the address a request came from; behind a proxy, the one the proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For; entries
    further left were written by the client and could be anything, so they are never used.
    """
    if settings.LISA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [entry for entry in forwarded if entry.strip()]
        count = settings.LISA_PROXY_COUNT
        if count >= 1 and len(forwarded) >= count:
            counted = _counted(forwarded[-count])
            if counted:
                return counted
    return _counted(request.META.get("REMOTE_ADDR"))


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime:
    """Return when the lock-out of this username from this address ends."""
    username = get_client_username(request, credentials)
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    user_agent = getattr(request, "axes_user_agent", "")
    last_failures = [
        AccessAttempt.objects.filter(**lookup).aggregate(last=Max("attempt_time"))["last"]
        for lookup in get_client_parameters(username, ip_address, user_agent, request, credentials)
    ]
    last = max((moment for moment in last_failures if moment), default=timezone.now())
    return last + get_cool_off(request)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """Tell a locked-out person, in their language, when to try again and whom to ask."""
    until = locked_until(request, credentials)
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    response = render(
        request,
        "registration/locked_out.html",
        {
            "until": until,
            "minutes": math.ceil(seconds / 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
