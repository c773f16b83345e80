"""Start-up checks of the settings that calendars read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning

from lisa.lib.workdays import IRIS_DAY, parse_month_days


def check_extra_holidays(**_kwargs: Any) -> list[CheckMessage]:
    """Warn when LISA_EXTRA_HOLIDAYS still gives every organisation Iris Day off."""
    if IRIS_DAY not in parse_month_days(settings.LISA_EXTRA_HOLIDAYS):
        return []
    return [
        Warning(
            "LISA_EXTRA_HOLIDAYS holds 05-08, so Iris Day moves the deadlines of every "
            "organisation, police and municipalities included.",
            hint="Remove 05-08: the regional bodies' calendar already has Iris Day off.",
            id="lisa.W001",
        )
    ]
