"""Error pages in the visitor's language, in the public site's frame for its URLs.

Django's own handlers would render the same templates, but always in the staff frame; a
resident who mistyped /nl/... should keep the public navigation and its language links.
The 500 page stays Django's `server_error`: a template without context that cannot fail.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_from_path


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    public = get_language_from_path(request.path_info) is not None
    context = {"base_template": "front/base.html" if public else "base.html"}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(request, "404.html", 404)
