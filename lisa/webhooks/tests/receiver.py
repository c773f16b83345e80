"""A real HTTP server in a thread, standing for an organisation's system behind a webhook.

It checks each delivery's signature as a receiver would (with lisa.webhooks.signing), keeps
what it received, and answers with the statuses it is told to, in turn (then 200).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lisa.webhooks import signing


@dataclass
class Received:
    # Looked up without regard to case, as HTTP header names are.
    headers: Message
    body: bytes
    signed: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    port: int = 0
    server: ThreadingHTTPServer | None = None
    # The webhook registered for it, set by the test.
    webhook: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/lisa"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                signed = signing.verify(
                    secret=receiver.secret,
                    timestamp=self.headers.get("X-LISA-Timestamp", ""),
                    signature=self.headers.get("X-LISA-Signature", ""),
                    body=body,
                )
                receiver.received.append(Received(self.headers, body, signed))
                status = receiver.answers.pop(0) if receiver.answers else 200
                if not signed:
                    status = 401
                answer = b"refused: bad signature" if not signed else f"answer {status}".encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def events(self) -> list[str]:
        return [item.headers["X-LISA-Event"] for item in self.received]
