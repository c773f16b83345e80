"""LISA's URLs plus pages that fail on purpose, for the error page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from lisa.urls import handler400, handler403, handler404
from lisa.urls import urlpatterns as lisa_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug with a secret: DATABASE_URL=postgres://lisa:hunter2@db/lisa")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged request")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


failing = [
    path("broken/", broken),
    path("suspicious/", suspicious),
    path("forbidden/", forbidden),
]
urlpatterns = [path("staff/failing/", include(failing)), *lisa_urlpatterns]
urlpatterns += i18n_patterns(path("failing/", include(failing)), prefix_default_language=True)

__all__ = ["handler400", "handler403", "handler404", "urlpatterns"]
