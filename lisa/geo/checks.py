"""Checks that stop a start-up whose street search could not work."""

from __future__ import annotations

import urllib.parse
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_geocoder(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Refuse an unknown LISA_GEOCODER, and for UrbIS an address or timeout that cannot work."""
    from lisa.geo.geocoder import GEOCODERS

    name = settings.LISA_GEOCODER
    if name not in GEOCODERS:
        return [
            Error(
                f"LISA_GEOCODER={name!r} is not a geocoder LISA knows.",
                hint=f"Use one of: {', '.join(GEOCODERS)}.",
                id="lisa.E003",
            )
        ]
    errors = []
    if name == "urbis":
        if urllib.parse.urlsplit(settings.LISA_URBIS_URL).scheme not in ("http", "https"):
            errors.append(
                Error(
                    f"LISA_URBIS_URL={settings.LISA_URBIS_URL!r} is not an http(s) address.",
                    hint="For example https://geoservices.irisnet.be/localization/Rest/Localize/",
                    id="lisa.E003",
                )
            )
        if not settings.LISA_URBIS_TIMEOUT > 0:
            errors.append(
                Error(
                    "LISA_URBIS_TIMEOUT must be a number of seconds above 0.",
                    hint="A few seconds: a person is waiting for the answer.",
                    id="lisa.E003",
                )
            )
    return errors
