"""Time the public street endpoints, and the UrbIS adapter against a local stand-in server.

Prints the median and p99 of a whole request to `/fr/streets/?q=` and `/fr/streets/nearest/`
(middleware, the local geocoder, JSON) in milliseconds, then the same searches through the
UrbIS adapter against `lisa.testing.urbis`'s server on 127.0.0.1: LISA's own cost of a
search by UrbIS (two requests at once, parsing, pairing), without the real network's.
Nothing is asserted: it is a measurement.

    .venv/bin/python bench/street_endpoints.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()

import statistics
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer

from django.test import Client

from lisa.geo.urbis import UrbisGeocoder
from lisa.testing.urbis import FakeUrbis, _handler

REPEATS = 300


def milliseconds(call: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    times = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def show(label: str, figures: tuple[float, float]) -> None:
    print(f"{label:44} {figures[0]:8.2f} {figures[1]:8.2f}")


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    # The street list is read once per process; a refused request would time nothing useful.
    first = client.get("/fr/streets/", {"q": "vaillance"})
    assert first.status_code == 200, first.content
    print(f"{'':44} {'median ms':>8} {'p99 ms':>8}")
    for query in ("va", "vaillance", "rue de la", "dapperheid"):

        def search(q: str = query) -> object:
            return client.get("/fr/streets/", {"q": q})

        show(f"GET /fr/streets/?q={query}", milliseconds(search))
    show(
        "GET /fr/streets/nearest/",
        milliseconds(
            lambda: client.get("/fr/streets/nearest/", {"lat": "50.835767", "lon": "4.306556"})
        ),
    )

    fake = FakeUrbis()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urbis = UrbisGeocoder(
        url=f"http://127.0.0.1:{server.server_address[1]}/Rest/Localize/", timeout=3
    )
    try:
        show(
            "UrbIS adapter, search (stand-in server)",
            milliseconds(lambda: urbis.search("place de la vaillance 12", "fr", 10)),
        )
        show(
            "UrbIS adapter, reverse (stand-in server)",
            milliseconds(lambda: urbis.reverse(50.835767, 4.306556)),
        )
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
