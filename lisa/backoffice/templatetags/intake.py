"""Template helpers of the intake forms."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    """Return what was typed in a field whose name is computed (an extra question)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
