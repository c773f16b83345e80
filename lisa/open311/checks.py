"""System checks of the Open311 server's settings, run by every command at start-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.compatibility)
def check_api_key_rate(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a LISA_RATE_API_KEY that cannot be read, before a client meets a server error."""
    from lisa.open311.keys import rate_limit

    try:
        rate_limit(settings.LISA_RATE_API_KEY)
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="lisa.E004")]
    return []
