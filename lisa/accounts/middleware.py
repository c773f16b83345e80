"""Sessions that end after inactivity without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# How often a signed-in person's session is written to push its end back. The end is then
# known to within this much, and most requests write nothing.
REFRESH_SECONDS = 60
SEEN = "_lisa_seen"


class IdleSessionMiddleware:
    """Push the end of a signed-in session back as people work, at most once a minute.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request; touching
    the session only when the last write is a minute old keeps the idle limit
    (SESSION_COOKIE_AGE) and saves those writes. Anonymous visitors get no session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(SEEN, 0)) >= REFRESH_SECONDS:
                session[SEEN] = now
        return response
