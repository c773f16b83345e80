"""The streets demo reports are made in: where people live or walk, with believable addresses."""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from lisa.geo.locator import get_locator
from lisa.offices.models import Office

# streets.csv holds every named way of OpenStreetMap in the region, with no road class.
# What kind of way it is shows in its name: Brussels names start with the type of way
# ("Rue", "Tunnel", "Rampe") in French and end with it in Dutch ("-straat", "-tunnel").
# Left out, because nobody lives or walks there and a report with a house number there
# would be absurd: road tunnels, on-ramps, viaducts, motorways and ring roads, bypasses,
# and railway platforms and station halls.
NOT_FOR_PEOPLE_FR = re.compile(
    r"^(Tunnel|Trémie|Rampe|Viaduc|Autoroute|Ring|Bretelle|Contournement|Voie \d|Hall de gare)\b"
    r"|^[AER]\s?\d+\b",
    re.IGNORECASE,
)
NOT_FOR_PEOPLE_NL = re.compile(r"(tunnel|oprit|afrit|viaduct|snelweg|ring)$", re.IGNORECASE)
# Houses, shops and their numbers line these types of way; bridges, footpaths, stairs,
# parks and gates have none, so an address there is the name of the place alone.
NUMBERED_TYPES = {
    "allée", "allées", "avenue", "barrière", "boulevard", "carré", "chaussée", "chemin",
    "cité", "clos", "coin", "cour", "cours", "coteau", "drève", "dreve", "fond", "galerie",
    "grand-place", "impasse", "mail", "marché", "mont", "montagne", "parvis", "place",
    "placette", "quai", "quais", "rond-point", "route", "rue", "ruelle", "square", "val",
    "venelle",
}  # fmt: skip


@dataclass(frozen=True)
class Street:
    name_fr: str
    name_nl: str
    lat: float
    lon: float
    weight: float
    office_id: int | None  # the office whose catchment holds the street's point
    numbered: bool

    def address(self, *, language: str, rng: random.Random) -> str:
        """Return the street's name in the resident's language, with a house number if it has any."""
        name = self.name_nl if language == "nl" else self.name_fr
        return f"{name} {rng.randint(1, 180)}" if self.numbered else name


def is_for_people(*, name_fr: str, name_nl: str) -> bool:
    """Return whether people live or walk in the way of this name."""
    return not NOT_FOR_PEOPLE_FR.search(name_fr) and not NOT_FOR_PEOPLE_NL.search(name_nl)


def has_house_numbers(name_fr: str) -> bool:
    """Return whether the way's type is one that houses are numbered along ("10ème Avenue" too)."""
    return any(word.lower() in NUMBERED_TYPES for word in name_fr.split()[:2])


def demo_streets(path: Path) -> list[Street]:
    """Return the streets of the region where people live or walk, weighted up near offices.

    Only bilingual names are kept: every official street of the region has a French and a
    Dutch name, and the rows with one name are ways of Flanders along the border, or private
    ones (a shopping centre, a racetrack).
    """
    with path.open(encoding="utf-8") as file:
        rows = [
            row
            for row in csv.DictReader(file)
            if row["name_fr_guess"]
            and row["name_nl_guess"]
            and is_for_people(name_fr=row["name_fr_guess"], name_nl=row["name_nl_guess"])
        ]
    lats = [float(row["lat"]) for row in rows]
    lons = [float(row["lon"]) for row in rows]
    located = get_locator().locate_many(lats=lats, lons=lons)
    offices = dict(Office.objects.filter(catchment__isnull=False).values_list("catchment_id", "id"))
    streets = []
    for row, lat, lon, catchment, municipality in zip(
        rows, lats, lons, located["office_catchment"], located["municipality"], strict=True
    ):
        if municipality is None:
            continue
        office_id = offices.get(catchment) if catchment is not None else None
        streets.append(
            Street(
                name_fr=row["name_fr_guess"],
                name_nl=row["name_nl_guess"],
                lat=lat,
                lon=lon,
                # The busier neighbourhoods, where the offices work, report more.
                weight=3.0 if office_id is not None else 1.0,
                office_id=office_id,
                numbered=has_house_numbers(row["name_fr_guess"]),
            )
        )
    return streets
