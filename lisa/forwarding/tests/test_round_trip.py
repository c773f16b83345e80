"""The round trip against a second LISA running as a real server process: down, then up.

The other LISA has its own SQLite file, migrated and loaded with the Brussels geography as
the suite's database is, and an API key made by `create_api_key`. This LISA posts to it
while it is down (the attempt is kept, the next one scheduled), posts again with
`forward_due` once it is up, and reads back with `forward_poll` the resolution made there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from lisa.forwarding.models import ExternalSystem, Forwarding, ForwardingState, StatusSource
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel, Status, StatusChange
from lisa.testing.personas import VAILLANCE, organisation

pytestmark = [pytest.mark.django_db, pytest.mark.process]

MANAGE = Path(settings.BASE_DIR) / "manage.py"
# How long the other LISA may take to start answering: it builds its locator first.
START_WAIT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OtherLisa:
    """A second LISA: its environment, its address and the key it gave us."""

    env: dict[str, str]
    port: int
    key: str = ""
    process: subprocess.Popen | None = None

    @property
    def open311(self) -> str:
        return f"http://127.0.0.1:{self.port}/open311/v2/"

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 — our own manage.py, arguments from this test
            [sys.executable, str(MANAGE), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_WAIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the other LISA stopped while starting"
            try:
                with urllib.request.urlopen(self.open311 + "discovery.json", timeout=2):  # noqa: S310
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError("the other LISA did not answer in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def other_lisa(tmp_path: Path) -> Iterator[OtherLisa]:
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
        "LISA_TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LISA_GEODATA_DIR": str(settings.LISA_GEODATA_DIR),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    other = OtherLisa(env=env, port=_free_port())
    other.manage("migrate", "--no-input", "-v0")
    other.manage("load_brussels", "-v0")
    # The key is printed once, alone on the last line.
    other.key = other.manage("create_api_key", "--name", "LISA", "--scopes", "read,write")
    other.key = other.key.strip().splitlines()[-1]
    try:
        yield other
    finally:
        other.stop()


def test_a_report_reaches_another_lisa_that_was_down_and_its_resolution_comes_back(
    other_lisa, django_capture_on_commit_callbacks
):
    system = ExternalSystem.objects.create(
        organisation=organisation("anderlecht-cleanliness"),
        name="LISA bis",
        endpoint=other_lisa.open311,
        api_key=other_lisa.key,
        service_codes={"dumping-bulky": "dumping-bulky"},
        status_source=StatusSource.REQUESTS,
    )

    # The other LISA is down: the attempt is kept and the next one scheduled.
    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(
            category=Category.objects.get(code="dumping-bulky"),
            lat=VAILLANCE[0],
            lon=VAILLANCE[1],
            description="Un frigo abandonné devant le 12.",
            channel=Channel.WEB,
        ).report
    forwarding = Forwarding.objects.get(report=report, system=system)
    [refused] = forwarding.attempts.all()
    assert refused.http_status is None
    assert refused.error
    assert forwarding.state == ForwardingState.WAITING
    assert forwarding.next_attempt_at is not None
    assert forwarding.next_attempt_at > refused.at

    # It comes back; a minute later the cron command sends what is due.
    other_lisa.start()
    assert call_command("forward_due") is None
    forwarding.refresh_from_db()
    assert forwarding.attempts.count() == 1  # not due yet
    Forwarding.objects.filter(pk=forwarding.pk).update(next_attempt_at=timezone.now())
    call_command("forward_due")
    forwarding.refresh_from_db()
    assert forwarding.state == ForwardingState.SENT, forwarding.attempts.last().answer
    assert forwarding.external_id.startswith(settings.LISA_REFERENCE_PREFIX)
    assert [a.http_status for a in forwarding.attempts.all()] == [None, 201]
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED

    # Nothing changed there yet: reading back changes nothing here.
    call_command("forward_poll")
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED

    # Their staff resolve it, through their own write path.
    other_lisa.manage(
        "shell",
        "-c",
        "from lisa.reports.actions import report_transition as move\n"
        "from lisa.reports.models import Report\n"
        f"report = Report.objects.get(reference={forwarding.external_id!r})\n"
        "move(report=report, to_status='acknowledged', by=None)\n"
        "move(report=report, to_status='resolved', by=None, public_message='Enlevé ce matin.')\n",
    )
    call_command("forward_poll")

    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    change = StatusChange.objects.filter(report=report).latest("id")
    assert (change.to_status, change.by, change.public_message) == (
        Status.RESOLVED,
        None,
        "Enlevé ce matin.",
    )
    assert "LISA bis" in change.reason
    assert forwarding.external_id in change.reason
