"""The back office's views, one module per screen."""

from __future__ import annotations

from django.http import HttpRequest

PAGE_SIZE = 50


def page_number(request: HttpRequest, total: int) -> int:
    """Return the page of a list asked in `?page=`, from 1 to the last: a number past the
    end (an old link, a typed one) shows the last page, anything else the first."""
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    return min(page, max(-(-total // PAGE_SIZE), 1))
