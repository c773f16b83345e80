"""Who calls the API: an API key (acting as its user, if it has one) or a signed-in person.

A key is given in the X-API-Key header; reads need its "read" scope, writes its "write"
scope. A signed-in person's writes need the CSRF token, as on the screens. See
docs/adr/0018-partner-api.md.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, SessionAuth

from lisa.accounts.models import User
from lisa.accounts.selectors import scope_for
from lisa.api.errors import Forbidden, TooManyRequests
from lisa.open311.keys import api_key_for, key_over_limit
from lisa.open311.models import READ, WRITE, ApiKey

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _speak_their_language(request: HttpRequest, user: User | None) -> None:
    # The request's Accept-Language wins (LocaleMiddleware applied it); without one, the
    # language the person chose in LISA.
    if user is not None and not request.headers.get("Accept-Language"):
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class KeyAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        if not key:
            return None
        needed = READ if request.method in SAFE_METHODS else WRITE
        api_key = api_key_for(key, scope=needed)
        if api_key is None:
            other = WRITE if needed == READ else READ
            if api_key_for(key, scope=other) is not None:
                raise Forbidden(
                    "insufficient_scope",
                    _("This API key does not have the “%(scope)s” scope.") % {"scope": needed},
                )
            return None
        if key_over_limit(request, api_key):
            raise TooManyRequests(
                "rate_limited", _("Too many requests with this key: try again later.")
            )
        user = api_key.user if api_key.user is not None and api_key.user.is_active else None
        _speak_their_language(request, user)
        return api_key


class Session(SessionAuth):
    """The signed-in person of the screens (the documentation page tries the API this way)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if isinstance(user, User):
            _speak_their_language(request, user)
        return user


def acting_user(request: HttpRequest) -> User | None:
    """Return the person the request acts as: the key's user, the signed-in person, or None."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        user = auth.user
        return user if user is not None and user.is_active else None
    if isinstance(auth, User):
        return auth
    return None


def working_user(request: HttpRequest) -> User:
    """Return the acting person if they hold a working role, else refuse the write."""
    user = acting_user(request)
    if user is None or not scope_for(user).is_partner_staff:
        raise Forbidden(
            "no_working_role",
            _("Only a person with a working role (or a key acting as one) can do this."),
        )
    return user
