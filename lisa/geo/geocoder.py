"""Street search: from what someone typed to a street with its French and Dutch names and a point.

Every screen that asks "where?" (the desk, field reports, later the resident's site and
Open311) goes through `get_geocoder()`. `LISA_GEOCODER` picks the implementation:

- ``local`` (the default): the street list of the geography folder (`streets.csv`, one point
  per street), searched in memory. It has no house numbers: a report is placed at the
  street's point and the number goes into its address.
- ``urbis``: the region's UrbIS geocoding service (lisa/geo/urbis.py), over the network, with
  house numbers: a street typed with its number is placed at that house.
"""

from __future__ import annotations

import bisect
import csv
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lisa.errors import LisaError
from lisa.geo.geodata import geodata_dir
from lisa.lib.cache import StampedCache

STREETS_FILE = "streets.csv"
# Farther than this from every street point, `reverse` finds no street (outside the region).
MAX_REVERSE_METRES = 1000.0
# Points measured at once by `reverse_many`: 64 × ~4,500 streets, two arrays of ~2 MB that
# stay in the processor's cache (measured: faster than 32, 128 or 256).
REVERSE_BLOCK = 64
EARTH_RADIUS_METRES = 6_371_000.0


@dataclass(frozen=True)
class Street:
    """A street with its names in the two languages of the region and one point."""

    key: str
    name_fr: str
    name_nl: str
    municipality_fr: str
    municipality_nl: str
    municipality_code: str
    lat: float
    lon: float
    # The house number the point is at, when the geocoder knows houses (UrbIS); "" for the
    # street's own point.
    number: str = ""

    def name_in(self, language: str) -> str:
        """Return the name in the language asked for; Dutch for "nl", else French."""
        if language == "nl":
            return self.name_nl or self.name_fr
        return self.name_fr or self.name_nl

    def municipality_in(self, language: str) -> str:
        if language == "nl":
            return self.municipality_nl or self.municipality_fr
        return self.municipality_fr or self.municipality_nl

    def label(self, language: str) -> str:
        """Return "Name (Municipality)" in one language: what a person picks and reads back."""
        municipality = self.municipality_in(language)
        name = self.name_in(language)
        return f"{name} ({municipality})" if municipality else name

    def other_name(self, language: str) -> str:
        """Return the name in the other language of the region, if it differs."""
        other = self.name_in("fr" if language == "nl" else "nl")
        return "" if other == self.name_in(language) else other


@dataclass(frozen=True)
class StreetMatch:
    """A street found by a search, and the language of the name that matched."""

    street: Street
    language: str

    @property
    def name(self) -> str:
        return self.street.name_in(self.language)

    @property
    def label(self) -> str:
        return self.street.label(self.language)

    @property
    def other_name(self) -> str:
        return self.street.other_name(self.language)


class Geocoder(Protocol):
    """What LISA asks of a geocoder."""

    def search(self, text: str, language: str = "fr", limit: int = 10) -> list[StreetMatch]:
        """Return the streets whose French or Dutch name matches the text, best first."""
        ...

    def reverse(self, lat: float, lon: float) -> Street | None:
        """Return the street nearest to the point, or None if none is near."""
        ...

    def reverse_many(self, points: Sequence[tuple[float, float]]) -> list[Street | None]:
        """Return `reverse` of each (lat, lon), in order: for a list of many reports."""
        ...

    def house(self, street: Street, number: str) -> Street | None:
        """Return the street placed at this house number, or None if the geocoder cannot."""
        ...


class GeocoderUnavailable(LisaError):
    """The street list cannot be read (or the service does not answer): say so rather than
    "no such street"."""

    def __init__(self, path: Path):
        super().__init__(
            "geocoder_unavailable",
            _(
                "LISA cannot search streets: the street list %(path)s is missing. "
                "Ask an administrator."
            )
            % {"path": path},
        )


def normalize(text: str) -> str:
    """Return text for comparison: no accents, lower case, punctuation as spaces.

    "Chaussée d'Alsemberg" and "CHAUSSEE D ALSEMBERG" both become "chaussee d alsemberg".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


class LocalGeocoder:
    """The street list of the geography folder, searched in memory.

    A search finds the streets whose name, French or Dutch, is the text, then those whose name
    starts with it, has it as whole words, has a word starting with it, and last those having,
    for every word typed, a word starting with it; the municipality's name counts there
    ("vaillance anderlecht"). Within each tier, streets come in alphabetical order. Accents,
    case and punctuation are ignored.
    """

    def __init__(self, streets: list[Street]):
        self.streets = streets
        # Each name once: (normalized name, street index, language), sorted for prefix search.
        names: list[tuple[str, int, str]] = []
        words: dict[str, set[int]] = {}
        for index, street in enumerate(streets):
            own: list[str] = []
            for language, name in (("fr", street.name_fr), ("nl", street.name_nl)):
                normalized = normalize(name)
                if normalized and normalized not in own:
                    own.append(normalized)
                    names.append((normalized, index, language))
            place = normalize(f"{street.municipality_fr} {street.municipality_nl}")
            for word in set(" ".join([*own, place]).split()):
                words.setdefault(word, set()).add(index)
        names.sort()
        self._names = names
        self._name_keys = [name for name, _index, _language in names]
        self._names_of: dict[int, list[tuple[str, str]]] = {}
        for normalized, index, language in names:
            self._names_of.setdefault(index, []).append((normalized, language))
        # A street's rank in each language: where its name in that language falls alphabetically.
        self._rank: dict[str, list[int]] = {}
        for language in ("fr", "nl"):
            order = sorted(
                range(len(streets)), key=lambda i: normalize(streets[i].name_in(language))
            )
            rank = [0] * len(streets)
            for position, index in enumerate(order):
                rank[index] = position
            self._rank[language] = rank
        self._words = sorted(words)
        self._streets_with_word = [frozenset(words[word]) for word in self._words]
        # Points in radians for `reverse`.
        self._lat = np.radians(np.array([s.lat for s in streets], dtype=float))
        self._lon = np.radians(np.array([s.lon for s in streets], dtype=float))

    @classmethod
    def from_csv(cls, path: Path) -> LocalGeocoder:
        """Read streets.csv (see the geography folder's README).

        Rows without a municipality lie outside the region and are left out.
        """
        if not path.is_file():
            raise GeocoderUnavailable(path)
        streets = []
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if not row.get("commune_nis"):
                    continue
                name_fr = (row.get("name_fr_guess") or row.get("name_osm") or "").strip()
                name_nl = (row.get("name_nl_guess") or "").strip()
                streets.append(
                    Street(
                        key=row.get("name_osm") or name_fr,
                        name_fr=name_fr,
                        name_nl=name_nl,
                        municipality_fr=row.get("commune_fr", ""),
                        municipality_nl=row.get("commune_nl", ""),
                        municipality_code=row["commune_nis"],
                        lat=float(row["lat"]),
                        lon=float(row["lon"]),
                    )
                )
        return cls(streets)

    def search(self, text: str, language: str = "fr", limit: int = 10) -> list[StreetMatch]:
        query = normalize(text)
        if not query or limit <= 0:
            return []
        language = "nl" if language == "nl" else "fr"
        found: dict[int, str] = {}  # street index → language of the name shown, best first
        # Names equal to the text, then starting with it: one range of the sorted names, where
        # equal names come first. Names in the person's language go before the others.
        start = bisect.bisect_left(self._name_keys, query)
        end = bisect.bisect_left(self._name_keys, query + "\uffff", lo=start)
        others: dict[int, str] = {}
        for position in range(start, end):
            name, index, name_language = self._names[position]
            if name == query or name_language == language:
                found.setdefault(index, name_language)
                if len(found) >= limit:
                    break
            elif len(others) < limit:
                # "Wayez" starts "Wayezstraat" and is a word of "Rue Wayez": shown in French
                # on a French page, as the person's language also has it.
                others.setdefault(index, self._shown_language(index, language, " " + query))
        for index, name_language in others.items():
            if len(found) >= limit:
                break
            found.setdefault(index, name_language)
        if len(found) < limit:
            wanted = limit - len(found)
            word = " " + query + " "  # the text as whole words inside the name
            start_of_word = " " + query  # the text at the start of a word inside the name
            tiers: tuple[dict[int, str], ...] = ({}, {}, {})
            candidates = self._candidates(query.split()) - found.keys()
            rank = self._rank["nl" if language == "nl" else "fr"]
            for index in sorted(candidates, key=rank.__getitem__):
                names = [" " + name + " " for name, _language in self._names_of[index]]
                if any(word in name for name in names):
                    tier, test = 0, word
                elif any(start_of_word in name for name in names):
                    tier, test = 1, start_of_word
                else:
                    tier, test = 2, ""
                if len(tiers[tier]) < wanted:
                    tiers[tier][index] = self._shown_language(index, language, test)
                if len(tiers[0]) >= wanted:
                    break
            for tier_found in tiers:
                found.update(tier_found)
        return [
            StreetMatch(street=self.streets[index], language=shown)
            for index, shown in list(found.items())[:limit]
        ]

    def _shown_language(self, index: int, language: str, fragment: str) -> str:
        """Return the language to show a street in: the person's, if that name matched."""
        languages = [lang for name, lang in self._names_of[index] if fragment in " " + name + " "]
        if not languages or language in languages:
            return language if self._has_name_in(index, language) else self._names_of[index][0][1]
        return languages[0]

    def _has_name_in(self, index: int, language: str) -> bool:
        return any(lang == language for _name, lang in self._names_of[index])

    def _candidates(self, tokens: list[str]) -> set[int]:
        """Return the streets having, for every token, a word that starts with it."""
        found: set[int] | None = None
        # The longest token first: it has the fewest streets, so the intersection stays small.
        for token in sorted(set(tokens), key=len, reverse=True):
            start = bisect.bisect_left(self._words, token)
            end = bisect.bisect_left(self._words, token + "\uffff", lo=start)
            with_token: set[int] = set()
            for position in range(start, end):
                streets = self._streets_with_word[position]
                with_token |= streets if found is None else found & streets
            found = with_token
            if not found:
                return set()
        return found or set()

    def reverse(self, lat: float, lon: float) -> Street | None:
        if not self.streets or not (math.isfinite(lat) and math.isfinite(lon)):
            return None
        phi, lam = math.radians(lat), math.radians(lon)
        # Equirectangular distance: exact enough at the scale of a city.
        x = (self._lon - lam) * math.cos(phi)
        y = self._lat - phi
        distances = np.hypot(x, y)
        nearest = int(np.argmin(distances))
        if distances[nearest] * EARTH_RADIUS_METRES > MAX_REVERSE_METRES:
            return None
        return self.streets[nearest]

    def reverse_many(self, points: Sequence[tuple[float, float]]) -> list[Street | None]:
        # The distances of a block of points to every street at once, in two arrays reused
        # from block to block: the same nearest street as `reverse`, at a fraction of the cost
        # of one pass over the streets per point.
        found: list[Street | None] = [None] * len(points)
        if not self.streets or not points:
            return found
        wanted = np.array(points, dtype=float).reshape(-1, 2)
        usable = np.flatnonzero(np.isfinite(wanted).all(axis=1))
        phi = np.radians(wanted[usable, 0])[:, None]
        lam = np.radians(wanted[usable, 1])[:, None]
        shrink = np.cos(phi)
        limit = (MAX_REVERSE_METRES / EARTH_RADIUS_METRES) ** 2
        x = np.empty((REVERSE_BLOCK, len(self.streets)))
        y = np.empty_like(x)
        for start in range(0, len(usable), REVERSE_BLOCK):
            rows = slice(start, start + REVERSE_BLOCK)
            count = len(usable[rows])
            dx, dy = x[:count], y[:count]
            np.subtract(self._lon, lam[rows], out=dx)
            dx *= shrink[rows]
            np.subtract(self._lat, phi[rows], out=dy)
            dx *= dx
            dy *= dy
            dx += dy
            nearest = dx.argmin(axis=1)
            closest = dx[np.arange(count), nearest]
            for position, index, distance in zip(usable[rows], nearest, closest, strict=True):
                if distance <= limit:
                    found[position] = self.streets[index]
        return found

    def house(self, street: Street, number: str) -> Street | None:
        # The street list has one point per street: the street's point stands for every house.
        return None


# --- Which geocoder, built once per process ----------------------------------------------


def _streets_path() -> Path:
    return geodata_dir() / STREETS_FILE


def _build_local() -> LocalGeocoder:
    return LocalGeocoder.from_csv(_streets_path())


def _stamp_local() -> tuple[str, int, int]:
    path = _streets_path()
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0)
    return (str(path), stat.st_mtime_ns, stat.st_size)


_local_cache: StampedCache[LocalGeocoder] = StampedCache(
    _build_local, _stamp_local, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def _urbis() -> Geocoder:
    # Imported here: the adapter builds on this module's Street and errors.
    from lisa.geo.urbis import UrbisGeocoder

    return UrbisGeocoder(url=settings.LISA_URBIS_URL, timeout=settings.LISA_URBIS_TIMEOUT)


# The values `LISA_GEOCODER` may take.
GEOCODERS: dict[str, Callable[[], Geocoder]] = {"local": _local_cache.get, "urbis": _urbis}


def get_geocoder() -> Geocoder:
    """Return the geocoder `LISA_GEOCODER` names, built once per process."""
    name = settings.LISA_GEOCODER
    if name not in GEOCODERS:
        raise ImproperlyConfigured(
            f"LISA_GEOCODER={name!r} is not a geocoder LISA knows ({', '.join(GEOCODERS)})."
        )
    return GEOCODERS[name]()


def invalidate_geocoder() -> None:
    _local_cache.invalidate()


# --- From a typed street to one street -----------------------------------------------------

# "Rue de la Vaillance 12", "… 12A", "… 12/3", "… 12-14": the house number at the end.
_HOUSE_NUMBER = re.compile(r"^(?P<street>.*?\D)[\s,]+(?P<number>\d+[A-Za-z]?(?:\s*[/-]\s*\w+)?)$")
# "Chemin 3 14": a street whose name ends with a number, then the house number.
_LAST_NUMBER = re.compile(r"^(?P<street>.*\S)[\s,]+(?P<number>\d+[A-Za-z]?)$")
# "Place de la Vaillance (Anderlecht)": the label a suggestion puts in the field.
_LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<municipality>[^()]+)\)\s*$")


@dataclass(frozen=True)
class StreetResolution:
    """What a typed street turned out to be: one street, several to choose from, or none."""

    text: str
    number: str = ""
    match: StreetMatch | None = None
    choices: tuple[StreetMatch, ...] = ()

    @property
    def is_found(self) -> bool:
        return self.match is not None

    @property
    def is_ambiguous(self) -> bool:
        return self.match is None and bool(self.choices)


def split_house_number(text: str) -> tuple[str, str]:
    """Return (street, number) from "Rue de la Vaillance 12"; number is "" when none is typed."""
    text = " ".join((text or "").split())
    found = _HOUSE_NUMBER.match(text) or _LAST_NUMBER.match(text)
    if found is None:
        return text, ""
    return found["street"].rstrip(" ,"), found["number"].replace(" ", "")


def resolve_street(
    text: str, *, language: str = "fr", geocoder: Geocoder | None = None
) -> StreetResolution:
    """Return the one street the text names, or the streets to choose from.

    A suggestion's label ("Name (Municipality)") or a name typed in full is found at once,
    with or without a house number after it; a part of a name is found when only one street
    has it. With a house number, a geocoder that knows houses places the street there.
    """
    geocoder = geocoder or get_geocoder()
    whole = " ".join((text or "").split())
    street_text, number = split_house_number(whole)
    if number:
        # "Chemin 3" is a street, not house 3 of "Chemin".
        found = _resolve(whole, "", language, geocoder)
        if _named_exactly(whole, (found.match,) if found.match else found.choices):
            return found
        # A geocoder that knows houses may have found the very house: no need to ask again.
        houses = [
            match
            for match in (found.match, *found.choices)
            if match is not None
            and match.street.number == number
            and _named_exactly(street_text, (match,))
        ]
        if len(houses) == 1:
            return StreetResolution(text=street_text, number=number, match=houses[0])
    found = _resolve(street_text, number, language, geocoder)
    if found.match is not None and number and found.match.street.number != number:
        at_house = geocoder.house(found.match.street, number)
        if at_house is not None:
            return replace(found, match=StreetMatch(street=at_house, language=found.match.language))
    return found


def _named_exactly(text: str, matches: tuple[StreetMatch, ...]) -> bool:
    wanted = normalize(_LABEL.sub(r"\g<name>", text))
    return any(
        wanted in (normalize(m.street.name_fr), normalize(m.street.name_nl)) for m in matches
    )


def _resolve(street_text: str, number: str, language: str, geocoder: Geocoder) -> StreetResolution:
    labelled = _LABEL.match(street_text)
    name, municipality = (
        (labelled["name"], normalize(labelled["municipality"])) if labelled else (street_text, "")
    )
    wanted = normalize(name)
    if not wanted:
        return StreetResolution(text=street_text, number=number)
    matches = geocoder.search(name, language, 10)

    def same_name(match: StreetMatch) -> bool:
        street = match.street
        return wanted in (normalize(street.name_fr), normalize(street.name_nl))

    def in_municipality(match: StreetMatch) -> bool:
        street = match.street
        return municipality in (
            normalize(street.municipality_fr),
            normalize(street.municipality_nl),
        )

    exact = [m for m in matches if same_name(m)]
    if municipality:
        exact = [m for m in exact if in_municipality(m)]
    # The same street twice in the list (two rows of one street) is one street to a person.
    distinct = list({m.label: m for m in exact}.values())
    if len(distinct) == 1:
        return StreetResolution(text=street_text, number=number, match=distinct[0])
    if distinct:
        return StreetResolution(text=street_text, number=number, choices=tuple(distinct))
    if len(matches) == 1:
        return StreetResolution(text=street_text, number=number, match=matches[0])
    return StreetResolution(text=street_text, number=number, choices=tuple(matches))
