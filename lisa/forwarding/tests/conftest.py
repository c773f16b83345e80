"""Servers the forwarding tests talk to: a small Open311 server whose answers a test sets,
and a second LISA started as a real process (see test_round_trip.py)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lisa.forwarding.models import ExternalSystem, StatusSource
from lisa.testing.personas import organisation


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]


@dataclass
class Open311Server:
    """What the server answers next (a queue, then `default`) and what it was asked."""

    url: str = ""
    answers: list[tuple[int, Any]] = field(default_factory=list)
    default: tuple[int, Any] = (503, "Service Unavailable")
    # For GET requests.json and servicerequestupdates.json.
    listed: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    def answer(self, call: Call) -> tuple[int, Any]:
        if call.method == "GET" and call.path.endswith(
            ("requests.json", "servicerequestupdates.json")
        ):
            return 200, self.listed
        return self.answers.pop(0) if self.answers else self.default


def _handler(server: Open311Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parts = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode())) if length else {}
            call = Call(method, parts.path, dict(urllib.parse.parse_qsl(parts.query)), form)
            server.calls.append(call)
            status, body = server.answer(call)
            raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def open311_server() -> Iterator[Open311Server]:
    fake = Open311Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/open311/v2/"
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def cleanliness_system(db, open311_server: Open311Server) -> ExternalSystem:
    """Anderlecht's cleanliness service files bulky waste in its own Open311 system."""
    return ExternalSystem.objects.create(
        organisation=organisation("anderlecht-cleanliness"),
        name="Anderlecht Propreté",
        endpoint=open311_server.url,
        api_key="their-key",
        jurisdiction_id="anderlecht.be",
        service_codes={"dumping": "ENCOMBRANTS"},
        status_source=StatusSource.REQUESTS,
    )
