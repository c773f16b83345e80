"""Find your LISA: the directory of offices, which office covers a street, an office's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lisa.errors import LisaError
from lisa.geo.geocoder import StreetMatch, resolve_street
from lisa.offices.selectors import (
    Coverage,
    OfficeCard,
    office_covering,
    public_office,
    public_offices,
)


@dataclass(frozen=True)
class Search:
    """What the resident asked ("which LISA covers …") and the answer."""

    street: str = ""
    lat: str = ""
    lon: str = ""
    place: str = ""  # the street found, or the point, as the answer names it
    coverage: Coverage | None = None
    choices: tuple[StreetMatch, ...] = ()
    error: str = ""

    @property
    def asked(self) -> bool:
        return bool(self.street or self.lat or self.lon)


def offices(request: HttpRequest) -> HttpResponse:
    """List the offices on a map and answer which one covers a street or a point."""
    cards = public_offices()
    search = _search(request)
    covering = None
    if search.coverage is not None and search.coverage.office is not None:
        covering = next((c for c in cards if c.office.pk == search.coverage.office.pk), None)
    return render(
        request,
        "front/offices.html",
        {
            "section": "offices",
            "cards": cards,
            "search": search,
            "covering": covering,
            **_map_settings(),
        },
    )


def office(request: HttpRequest, code: str) -> HttpResponse:
    """Show one office: where, when, how to reach it and who is there to help."""
    card: OfficeCard = public_office(code)
    return render(
        request,
        "front/office.html",
        {"section": "offices", "card": card, "office": card.office, **_map_settings()},
    )


def _search(request: HttpRequest) -> Search:
    language = (get_language() or "fr")[:2]
    street = " ".join(request.GET.get("street", "").split())[:200]
    lat_text = request.GET.get("lat", "").strip()[:30]
    lon_text = request.GET.get("lon", "").strip()[:30]
    if street:
        resolution = resolve_street(street, language=language)
        if resolution.match is None:
            if resolution.choices:
                return Search(street=street, choices=resolution.choices[:8])
            return Search(
                street=street,
                error=_(
                    "No street of the Brussels-Capital Region is called “%(street)s”. "
                    "Check the spelling, or type only part of the name."
                )
                % {"street": street},
            )
        match = resolution.match
        try:
            coverage = office_covering(lat=match.street.lat, lon=match.street.lon)
        except LisaError as error:
            return Search(street=street, error=str(error.message))
        return Search(street=street, place=match.label, coverage=coverage)
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
            coverage = office_covering(lat=lat, lon=lon)
        except ValueError:
            return Search(
                lat=lat_text, lon=lon_text, error=_("Choose a place on the map, or type a street.")
            )
        except LisaError as error:
            return Search(lat=lat_text, lon=lon_text, error=str(error.message))
        place = _("the place you chose on the map (%(municipality)s)") % {
            "municipality": coverage.location.municipality.name
        }
        return Search(lat=lat_text, lon=lon_text, place=place, coverage=coverage)
    return Search()


def _map_settings() -> dict[str, object]:
    return {
        "tiles_url": settings.LISA_TILE_URL,
        "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
    }
