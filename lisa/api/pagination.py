"""Cursor pagination over (created_at, id), newest first: stable while rows are added."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from lisa.errors import LisaError

MAX_LIMIT = 200
DEFAULT_LIMIT = 50

M = TypeVar("M", bound=Model)


def _encode(created_at: dt.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{pk}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        moment, pk = text.split("|")
        created_at = dt.datetime.fromisoformat(moment)
        if created_at.tzinfo is None:
            raise ValueError
        return created_at, int(pk)
    except (ValueError, UnicodeError):
        raise LisaError(
            "invalid_cursor",
            _("This cursor is not one the API gave: start again without it."),
            field="cursor",
        ) from None


def page_of(rows: QuerySet[M], *, cursor: str | None, limit: int) -> tuple[list[M], str | None]:
    """Return the rows after the cursor, newest first, and the cursor of the next page."""
    rows = rows.order_by("-created_at", "-id")
    if cursor:
        created_at, pk = _decode(cursor)
        rows = rows.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
    found = list(rows[: limit + 1])
    if len(found) <= limit:
        return found, None
    last: Any = found[limit - 1]
    return found[:limit], _encode(last.created_at, last.pk)
