"""A real HTTP server that answers like the UrbIS geocoding service, for the tests.

`urbis_server` starts one on a free local port, points `LISA_GEOCODER=urbis` at it and
yields it; set its `mode` to make it slow, answer garbage or fail. Its answers have the shape
of UrbIS's "Rest/Localize" answers (see lisa/geo/urbis.py); the addresses are two houses of
Place de la Vaillance and one in Evere, with street ids made up for the tests.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lisa.geo.geocoder import normalize

# House 12 of Place de la Vaillance, a few metres from the street's point in streets.csv.
VAILLANCE_12 = (50.835712, 4.306820)
VAILLANCE_STREET = (50.835767, 4.306556)
EVERE_1 = (50.866682, 4.421487)

_NAMES = {
    "vaillance": {"fr": "Place de la Vaillance", "nl": "Dapperheidsplein"},
    "evere": {"fr": "10ème Avenue", "nl": "10ème Laan"},
}
_MUNICIPALITIES = {
    "vaillance": {"fr": "Anderlecht", "nl": "Anderlecht"},
    "evere": {"fr": "Evere", "nl": "Evere"},
}
_STREET_IDS = {"vaillance": "9001", "evere": "9002"}
_POSTCODES = {"vaillance": "1070", "evere": "1140"}


def address(street: str, number: str, point: tuple[float, float], language: str) -> dict:
    """Return one address as UrbIS gives it (point in WGS 84 when asked for 4326)."""
    lat, lon = point
    return {
        "language": language,
        "address": {
            "street": {
                "name": _NAMES[street][language],
                "postCode": _POSTCODES[street],
                "municipality": _MUNICIPALITIES[street][language],
                "id": _STREET_IDS[street],
            },
            "number": number,
        },
        "score": 97.5,
        "point": {"x": lon, "y": lat},
        "extent": {"xmin": lon - 0.001, "ymin": lat - 0.001, "xmax": lon + 0.001, "ymax": lat},
    }


def found(result: Any) -> bytes:
    return json.dumps(
        {"result": result, "error": False, "status": "success", "version": "2.0.2"}
    ).encode()


NOT_FOUND = json.dumps({"result": [], "error": True, "status": "error"}).encode()


class FakeUrbis:
    """The server's state: how it behaves and what it was asked."""

    def __init__(self) -> None:
        self.mode = "ok"  # "ok", "slow", "garbage", "broken" (HTTP 500), "odd" (JSON, wrong)
        self.delay = 2.0
        self.requests: list[str] = []
        self.url = ""

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "garbage":
            return 200, b"<html><body>Maintenance en cours</body></html>"
        if self.mode == "broken":
            return 500, b"Internal Server Error"
        if self.mode == "odd":
            return 200, found([{"address": "Place de la Vaillance"}])
        language = query.get("language", "fr")
        if path.endswith("/getaddresses"):
            return 200, self._search(query.get("address", ""), language)
        if path.endswith("/getaddressfromxy"):
            asked = json.loads(query["json"])
            return 200, self._reverse(asked["point"]["y"], asked["point"]["x"], asked["language"])
        return 404, b"Not Found"

    def _search(self, text: str, language: str) -> bytes:
        words = normalize(text)
        if "vaillance" in words or "dapperheid" in words:
            if "12" in words.split():
                return found([address("vaillance", "12", VAILLANCE_12, language)])
            return found([address("vaillance", "", VAILLANCE_STREET, language)])
        if "laan" in words or "avenue" in words:
            return found([address("evere", "1", EVERE_1, language)])
        return NOT_FOUND

    def _reverse(self, lat: float, lon: float, language: str) -> bytes:
        # The nearest of the two houses, wherever the point is (as UrbIS does).
        near_vaillance = abs(lat - VAILLANCE_12[0]) + abs(lon - VAILLANCE_12[1])
        near_evere = abs(lat - EVERE_1[0]) + abs(lon - EVERE_1[1])
        if near_vaillance <= near_evere:
            return found(address("vaillance", "12", VAILLANCE_12, language))
        return found(address("evere", "1", EVERE_1, language))


def _handler(fake: FakeUrbis) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            fake.requests.append(self.path)
            status, body = fake.answer(parts.path, query)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def urbis_server(settings: Any) -> Iterator[FakeUrbis]:
    fake = FakeUrbis()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/localization/Rest/Localize/"
    settings.LISA_GEOCODER = "urbis"
    settings.LISA_URBIS_URL = fake.url
    settings.LISA_URBIS_TIMEOUT = 0.5
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
