"""The region's UrbIS geocoding service as a `Geocoder`: house numbers, over the network.

UrbIS (the Brussels region's reference of streets and addresses, kept by Paradigm, formerly
CIRB/CIBG) answers two calls under its "Rest/Localize/" address (`LISA_URBIS_URL`):

- ``getaddresses?language=fr&address=Place de la Vaillance 12&spatialReference=4326``:
  ``{"status": "success", "result": [{"address": {"street": {"name", "postCode",
  "municipality", "id"}, "number"}, "point": {"x": lon, "y": lat}, "score", ...}]}``;
- ``getaddressfromxy?json={"language": "fr", "point": {"x": lon, "y": lat},
  "spatialReference": 4326}``: the same address object, alone, as ``result``.

Names come in the language asked for, so each question is asked in French and in Dutch at
once, and the two answers are paired by street id. An address not found is
``{"status": "error", ...}``. A service that is down, slower than `LISA_URBIS_TIMEOUT` or
answering something else raises `UrbisUnavailable`, in the person's language.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lisa.errors import LisaError
from lisa.geo.geocoder import (
    EARTH_RADIUS_METRES,
    MAX_REVERSE_METRES,
    GeocoderUnavailable,
    Street,
    StreetMatch,
    normalize,
)

logger = logging.getLogger(__name__)

LANGUAGES = ("fr", "nl")
# The 19 municipalities (NIS code, French, Dutch): UrbIS names a street's municipality in one
# language only, and LISA keeps both names and the code.
MUNICIPALITIES = (
    ("21001", "Anderlecht", "Anderlecht"),
    ("21002", "Auderghem", "Oudergem"),
    ("21003", "Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"),
    ("21004", "Bruxelles", "Brussel"),
    ("21005", "Etterbeek", "Etterbeek"),
    ("21006", "Evere", "Evere"),
    ("21007", "Forest", "Vorst"),
    ("21008", "Ganshoren", "Ganshoren"),
    ("21009", "Ixelles", "Elsene"),
    ("21010", "Jette", "Jette"),
    ("21011", "Koekelberg", "Koekelberg"),
    ("21012", "Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
    ("21013", "Saint-Gilles", "Sint-Gillis"),
    ("21014", "Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
    ("21015", "Schaerbeek", "Schaarbeek"),
    ("21016", "Uccle", "Ukkel"),
    ("21017", "Watermael-Boitsfort", "Watermaal-Bosvoorde"),
    ("21018", "Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"),
    ("21019", "Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"),
)
_BY_NAME = {normalize(name): row for row in MUNICIPALITIES for name in row[1:]}
_BY_CODE = {row[0]: row for row in MUNICIPALITIES}
# When UrbIS names a former municipality ("Laeken") or a part of one, the postcode tells.
# 1000, 1020, 1120 and 1130 are all the City of Brussels.
_BY_POSTCODE = {
    "1000": "21004",
    "1020": "21004",
    "1030": "21015",
    "1040": "21005",
    "1050": "21009",
    "1060": "21013",
    "1070": "21001",
    "1080": "21012",
    "1081": "21011",
    "1082": "21003",
    "1083": "21008",
    "1090": "21010",
    "1120": "21004",
    "1130": "21004",
    "1140": "21006",
    "1150": "21019",
    "1160": "21002",
    "1170": "21017",
    "1180": "21016",
    "1190": "21007",
    "1200": "21018",
    "1210": "21014",
}

# Both languages are asked at once; a few threads serve every request of the process.
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="urbis")


class UrbisUnavailable(GeocoderUnavailable):
    """UrbIS is down, too slow or answers nonsense: say so rather than "no such street"."""

    def __init__(self, reason: str):
        LisaError.__init__(
            self,
            "geocoder_unavailable",
            _(
                "The region's street service (UrbIS) is not answering just now, so LISA cannot "
                "search streets. Try again in a few minutes."
            ),
        )
        self.reason = reason


@dataclass(frozen=True)
class _Address:
    """One address of an UrbIS answer, in the language it was asked in."""

    street_id: str
    name: str
    municipality: str
    postcode: str
    number: str
    lat: float
    lon: float

    @classmethod
    def parse(cls, item: Any) -> _Address:
        address = item["address"]
        street = address["street"]
        point = item["point"]
        lat, lon = float(point["y"]), float(point["x"])
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError("a point that is not one")
        return cls(
            street_id=str(street.get("id") or ""),
            name=str(street["name"]).strip(),
            municipality=str(street.get("municipality") or "").strip(),
            postcode=str(street.get("postCode") or "").strip(),
            number=str(address.get("number") or "").strip(),
            lat=lat,
            lon=lon,
        )

    @property
    def pairing_key(self) -> tuple[str, str]:
        return (self.street_id or normalize(self.name), normalize(self.number))


class UrbisGeocoder:
    """The UrbIS geocoding service at `url`, waiting at most `timeout` seconds per question."""

    def __init__(self, *, url: str, timeout: float):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"LISA_URBIS_URL={url!r} is not an http(s) address.")
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout

    def search(self, text: str, language: str = "fr", limit: int = 10) -> list[StreetMatch]:
        text = " ".join(text.split())
        if not text or limit <= 0:
            return []
        answers = self._in_both_languages(
            lambda lang: self._ask(
                "getaddresses", {"language": lang, "address": text, "spatialReference": "4326"}
            )
        )
        language = "nl" if language == "nl" else "fr"
        streets = _paired(answers, first=language)
        return [StreetMatch(street=street, language=language) for street in streets[:limit]]

    def reverse(self, lat: float, lon: float) -> Street | None:
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return None

        def ask(lang: str) -> Any:
            query = {"language": lang, "point": {"x": lon, "y": lat}, "spatialReference": 4326}
            return self._ask("getaddressfromxy", {"json": json.dumps(query)})

        streets = _paired(self._in_both_languages(ask), first="fr")
        if not streets:
            return None
        street = streets[0]
        # UrbIS gives the nearest address wherever the point is; outside the region, far away.
        if _metres_between(lat, lon, street.lat, street.lon) > MAX_REVERSE_METRES:
            return None
        return street

    def reverse_many(self, points: Sequence[tuple[float, float]]) -> list[Street | None]:
        # UrbIS answers one point per call.
        return [self.reverse(lat, lon) for lat, lon in points]

    def house(self, street: Street, number: str) -> Street | None:
        """Ask UrbIS for the number in the street and return it if UrbIS knows that house."""
        wanted = normalize(number)
        names = {normalize(street.name_fr), normalize(street.name_nl)} - {""}
        place = street.municipality_fr or street.municipality_nl
        text = f"{street.name_fr or street.name_nl} {number}, {place}".strip(" ,")
        for match in self.search(text, "fr", 10):
            found = match.street
            same_street = names & {normalize(found.name_fr), normalize(found.name_nl)}
            same_place = not street.municipality_code or (
                found.municipality_code == street.municipality_code
            )
            if same_street and same_place and normalize(found.number) == wanted:
                return found
        return None

    # --- Talking to the service -------------------------------------------------------------

    def _in_both_languages(self, ask: Callable[[str], Any]) -> dict[str, Any]:
        futures = {lang: _pool.submit(ask, lang) for lang in LANGUAGES}
        return {lang: future.result() for lang, future in futures.items()}

    def _ask(self, call: str, params: dict[str, str]) -> Any:
        """Return the decoded answer of one call; raise UrbisUnavailable on any failure."""
        url = f"{self.url}{call}?{urllib.parse.urlencode(params)}"
        # The address is http(s), checked when the geocoder is built.
        request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read()
        except TimeoutError as error:
            raise _unavailable(call, f"no answer within {self.timeout} s") from error
        except urllib.error.HTTPError as error:
            raise _unavailable(call, f"HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            if isinstance(getattr(error, "reason", None), TimeoutError):
                raise _unavailable(call, f"no answer within {self.timeout} s") from error
            raise _unavailable(call, f"cannot be reached ({error})") from error
        try:
            answer = json.loads(body)
        except ValueError as error:
            raise _unavailable(call, "an answer that is not JSON") from error
        if not isinstance(answer, dict) or "status" not in answer:
            raise _unavailable(call, "an answer without a status")
        if answer["status"] != "success":
            # UrbIS's way of saying "no such address": nothing found, the service is fine.
            return {"result": []}
        try:
            for item in _listed(answer):
                _Address.parse(item)
        except (KeyError, TypeError, ValueError) as error:
            raise _unavailable(call, f"an address LISA cannot read ({error!r})") from error
        return answer


def _unavailable(call: str, reason: str) -> UrbisUnavailable:
    logger.warning("UrbIS %s failed: %s", call, reason)
    return UrbisUnavailable(reason)


def _listed(answer: Any) -> list[Any]:
    result = answer.get("result")
    if not result:
        return []
    return result if isinstance(result, list) else [result]


def _paired(answers: dict[str, Any], *, first: str) -> list[Street]:
    """Return the streets of the answer in `first`, each with its name in the other language."""
    by_language = {
        lang: [_Address.parse(item) for item in _listed(answer)] for lang, answer in answers.items()
    }
    other = "nl" if first == "fr" else "fr"
    twins = {address.pairing_key: address for address in by_language.get(other, [])}
    seen: set[tuple[str, str]] = set()
    streets = []
    for address in by_language.get(first, []):
        if address.pairing_key in seen:
            continue
        seen.add(address.pairing_key)
        twin = twins.get(address.pairing_key)
        names = {first: address.name, other: twin.name if twin else ""}
        streets.append(_street(address, name_fr=names["fr"], name_nl=names["nl"]))
    return streets


def _street(address: _Address, *, name_fr: str, name_nl: str) -> Street:
    code = (_BY_NAME.get(normalize(address.municipality)) or ("",))[0] or _BY_POSTCODE.get(
        address.postcode, ""
    )
    municipality = _BY_CODE.get(code)
    return Street(
        key=f"urbis:{address.street_id}" if address.street_id else f"urbis:{name_fr or name_nl}",
        name_fr=name_fr,
        name_nl=name_nl,
        municipality_fr=municipality[1] if municipality else address.municipality,
        municipality_nl=municipality[2] if municipality else address.municipality,
        municipality_code=code,
        lat=address.lat,
        lon=address.lon,
        number=address.number,
    )


def _metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return math.hypot(x, y) * EARTH_RADIUS_METRES
