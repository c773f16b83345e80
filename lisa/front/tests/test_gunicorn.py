"""`make serve` runs LISA under gunicorn with gunicorn.conf.py: a real server, started here."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def _database_url(tmp_path: Path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # The tests' SQLite database lives in memory: the server gets a file of its own.
        return f"sqlite:///{tmp_path / 'served.sqlite3'}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return "postgres://{USER}{password}@{HOST}:{PORT}/{NAME}".format(password=password, **settings)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
        return response.status, response.read()


@pytest.mark.django_db(transaction=True)
def test_it_serves_the_app_from_several_gunicorn_workers(tmp_path):
    port = _free_port()
    env = os.environ | {
        "DATABASE_URL": _database_url(tmp_path),
        "PORT": str(port),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "",
        "DEBUG": "true",
    }
    server = subprocess.Popen(  # noqa: S603  (our own gunicorn, beside this Python)
        [str(Path(sys.executable).with_name("gunicorn")), "lisa.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                status, body = _get(base + "/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200
        assert json.loads(body)["database"]["vendor"] == connection.vendor
        # Each worker opened its own connection: many requests all answered.
        for _ in range(20):
            assert _get(base + "/healthz")[0] == 200
        status, css = _get(base + "/static/lisa/lisa.css")
        assert status == 200
        assert css
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert output.count("Booting worker") == 2, output
