import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lisa.offices.models import Office, OfficeStatus


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer whether the app can reach its database, for load balancers and the demo."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"
        return JsonResponse(
            {"status": "error", "database": {"status": "error", "error": str(error)[:200]}},
            status=503,
        )
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
    """Show the signed-in person their roles, organisations and offices."""
    memberships = request.user.memberships.filter(is_active=True).select_related(  # type: ignore[union-attr]
        "organisation", "office"
    )
    return render(request, "front/me.html", {"memberships": memberships})


def home(request: HttpRequest) -> HttpResponse:
    offices = (
        Office.objects.exclude(status=OfficeStatus.CLOSED)
        .select_related("municipality")
        .order_by("municipality__name_fr", "name_fr")
    )
    return render(
        request,
        "front/home.html",
        {
            "offices": offices,
            "tiles_url": settings.LISA_TILE_URL,
            "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
        },
    )
