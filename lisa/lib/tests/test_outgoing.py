import datetime as dt
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lisa.lib.outgoing import FIRST_RETRY, LONGEST_WAIT, MAX_ATTEMPTS, next_attempt_at, send


class Echo(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        status = 201 if body == b"ok" else 503
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"x" * 5000 if body == b"long" else b"received " + body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_it_keeps_the_status_and_the_answer(server):
    answer = send(url=server, body=b"ok")
    assert (answer.status, answer.body, answer.ok) == (201, "received ok", True)


def test_it_reports_a_server_error_without_raising(server):
    answer = send(url=server, body=b"no")
    assert answer.status == 503
    assert not answer.ok
    assert answer.body == "received no"


def test_it_keeps_only_the_start_of_a_long_answer(server):
    assert len(send(url=server, body=b"long").body) == 2000


def test_it_reports_a_server_that_is_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    answer = send(url=f"http://127.0.0.1:{port}/", body=b"ok", timeout=2)
    assert answer.status is None
    assert answer.error
    assert not answer.ok


def test_it_refuses_an_address_that_is_not_http_without_raising():
    for url in ("not a url", "file:///etc/passwd"):
        answer = send(url=url, body=b"")
        assert answer.status is None
        assert "Not an http(s) address" in answer.error


def test_it_waits_twice_as_long_after_each_failure_then_gives_up():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    waits = [next_attempt_at(attempts=n, now=now) for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits[0] == now + FIRST_RETRY
    assert waits[1] == now + 2 * FIRST_RETRY
    assert waits[-2] == now + LONGEST_WAIT
    assert waits[-1] is None
