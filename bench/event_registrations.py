"""Time registrations for one event when many people register at once.

Threads (each its own database connection) register people for one event with a capacity;
each registration locks the event's row, so they queue on it. It prints the median and 95th
percentile time of one registration, the registrations per second, and checks the outcome:
exactly `capacity` confirmed, the others waiting, nobody lost.

It writes an event and its registrations, which are never deleted: use a benchmark database
with the demo offices (`seed_demo --reports 0`).

    DATABASE_URL=… bench/event_registrations.py [--threads 8] [--people 400] [--capacity 50]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
    import django

    django.setup()

import argparse
import datetime as dt
import statistics
import threading
import time

from django.db import connection
from django.utils import timezone

from lisa.accounts.models import Membership, Role
from lisa.events.actions import EventDetails, event_create, registration_create
from lisa.events.models import EventKind, RegistrationStatus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--capacity", type=int, default=50)
    options = parser.parse_args()

    staff = (
        Membership.objects.filter(role=Role.OFFICE_COORDINATOR, office__isnull=False)
        .select_related("user", "office")
        .first()
    )
    if staff is None or staff.office is None:
        sys.exit("No office coordinator: run `manage.py seed_demo --reports 0` first.")
    starts = timezone.now() + dt.timedelta(days=30)
    event = event_create(
        office=staff.office,
        details=EventDetails(
            kind=EventKind.THEMATIC_MEETING,
            title=f"Benchmark {timezone.now():%Y-%m-%d %H:%M:%S}",
            place="Bench",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            languages=["fr"],
            capacity=options.capacity,
        ),
        by=staff.user,
    )
    times: list[float] = []
    lock = threading.Lock()
    stamp = f"{event.pk}-{int(time.time())}"

    def work(first: int) -> None:
        mine = []
        for n in range(first, options.people, options.threads):
            started = time.perf_counter()
            registration_create(
                event=event,
                name=f"Bench {n}",
                email=f"bench-{stamp}-{n}@example.org",
                language="fr",
                notify=False,
            )
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(options.threads)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    counts = {
        status: event.registrations.filter(status=status).count()
        for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    }
    times.sort()
    print(f"database: {connection.vendor}, threads: {options.threads}")
    print(
        f"{len(times)} registrations in {elapsed:.2f} s "
        f"({len(times) / elapsed:.0f}/s); one registration: "
        f"median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms"
    )
    print(
        f"confirmed {counts[RegistrationStatus.CONFIRMED]} of {options.capacity}, "
        f"waiting {counts[RegistrationStatus.WAITING]}"
    )
    if (counts[RegistrationStatus.CONFIRMED], counts[RegistrationStatus.WAITING]) != (
        options.capacity,
        options.people - options.capacity,
    ):
        sys.exit("WRONG: the places do not add up")


if __name__ == "__main__":
    main()
