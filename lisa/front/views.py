import logging
import time

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lisa.accounts.selectors import memberships_of

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer whether the app can reach its database, for load balancers and the demo."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down"
        # The driver's message names users, hosts and ports: it goes to the logs, not to
        # whoever asks.
        logger.exception("Health check: the database cannot be reached")
        return JsonResponse({"status": "error", "database": {"status": "error"}}, status=503)
    return JsonResponse(
        {
            "status": "ok",
            "database": {
                "status": "ok",
                "vendor": connection.vendor,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            },
        }
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """Show the signed-in person their roles, to work in one of them, and their account."""
    return render(request, "front/me.html", {"memberships": memberships_of(request.user)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Explain, in the site's style and the visitor's language, why a form was refused."""
    return render(request, "403_csrf.html", status=403)


def home(request: HttpRequest) -> HttpResponse:
    """Point residents to what they came for: report, follow a report, find their LISA."""
    return render(request, "front/home.html", {"section": "home"})
