"""Load an Open311 server with `POST requests` and check that every report went in once.

Against a LISA served by gunicorn (`make serve`) on this machine, it posts reports at a steady
rate (open loop: a request leaves at its time whether or not the earlier ones came back) from
a pool of connections, for a bounded time and number, then counts what the server
acknowledged against what is in the database: each acknowledged reference must be there
exactly once, with the description this run sent, and nothing more of this run may be there.

    DATABASE_URL=postgres://…/lisa_bench_map bench/open311_load.py --key KEY \
        [--url http://127.0.0.1:8000] [--rate 200] [--seconds 60] [--concurrency 32]
    … --rate 0 --concurrency 1 --seconds 20     # one client at a time, as fast as it answers

The key needs the write scope (`manage.py create_api_key --name bench --scopes write`), and
the server a rate limit above the load (`LISA_RATE_API_KEY=100000/m`). It only targets
127.0.0.1 or localhost.
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
import http.client
import json
import random
import statistics
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

from lisa.reports.models import Channel, Report

# Places people report from: around a few squares of the region (spread by up to ~300 m).
PLACES = [
    (50.8466, 4.3528),  # Grand-Place
    (50.8339, 4.3183),  # Anderlecht, place de la Vaillance
    (50.8551, 4.3426),  # Molenbeek, place communale
    (50.8270, 4.3720),  # Ixelles, place Flagey
    (50.8677, 4.3711),  # Schaerbeek, place Colignon
    (50.8089, 4.3311),  # Forest, place Saint-Denis
]
SERVICES = ["dumping-bags", "lighting-out", "tags-private", "furniture-bench"]
MAX_REQUESTS = 50_000
MAX_SECONDS = 300


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int | str] = field(default_factory=Counter)
    acknowledged: dict[str, str] = field(default_factory=dict)  # reference → description
    errors: list[str] = field(default_factory=list)


def _body(key: str, run: str, number: int, rng: random.Random) -> tuple[bytes, str]:
    lat, lon = rng.choice(PLACES)
    description = f"Bench {run} #{number}: bags of rubbish left on the pavement."
    form = {
        "api_key": key,
        "service_code": rng.choice(SERVICES),
        "lat": f"{lat + rng.uniform(-0.003, 0.003):.6f}",
        "long": f"{lon + rng.uniform(-0.004, 0.004):.6f}",
        "description": description,
    }
    return urllib.parse.urlencode(form).encode(), description


def _post(host: str, port: int, body: bytes, tally: Tally, description: str) -> None:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request(
            "POST",
            "/open311/v2/requests.json",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        payload = response.read()
        connection.close()
    except OSError as failure:
        with tally.lock:
            tally.statuses["no answer"] += 1
            tally.errors.append(str(failure))
        return
    elapsed = (time.perf_counter() - started) * 1000
    with tally.lock:
        tally.latencies.append(elapsed)
        tally.statuses[response.status] += 1
        if response.status == 201 or response.status == 200:
            reference = json.loads(payload)[0]["service_request_id"]
            tally.acknowledged[reference] = description
        elif len(tally.errors) < 5:
            tally.errors.append(payload[:300].decode(errors="replace"))


def run(args: argparse.Namespace) -> Tally:
    parts = urllib.parse.urlsplit(args.url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        sys.exit("This load generator only targets 127.0.0.1 or localhost.")
    host, port = parts.hostname, parts.port or 80
    run_id = uuid.uuid4().hex[:8]
    tally = Tally()
    total = min(args.max_requests, MAX_REQUESTS)
    seconds = min(args.seconds, MAX_SECONDS)
    slots = threading.Semaphore(args.concurrency)
    threads: list[threading.Thread] = []
    rng = random.Random(run_id)
    started = time.perf_counter()
    print(f"run {run_id}: {args.rate or 'as fast as answered'} req/s, {seconds} s, ", end="")
    print(f"{args.concurrency} connections at most, {total:,} requests at most")

    def one(body: bytes, description: str) -> None:
        try:
            _post(host, port, body, tally, description)
        finally:
            slots.release()

    for number in range(total):
        due = started + number / args.rate if args.rate else time.perf_counter()
        if due - started >= seconds:
            break
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        body, description = _body(args.key, run_id, number, rng)
        slots.acquire()
        thread = threading.Thread(target=one, args=(body, description))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    sent = len(threads)
    print(f"sent {sent:,} in {elapsed:.1f} s: {sent / elapsed:.1f} req/s")
    print(
        "answers: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(tally.statuses.items(), key=str))
    )
    if tally.latencies:
        ordered = sorted(tally.latencies)
        p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
        p99 = ordered[max(0, round(len(ordered) * 0.99) - 1)]
        print(
            f"latency ms: median {statistics.median(ordered):.1f}, p95 {p95:.1f}, "
            f"p99 {p99:.1f}, max {ordered[-1]:.1f}"
        )
    for error in tally.errors[:5]:
        print("  error:", error)
    _check(run_id, tally)
    return tally


def _check(run_id: str, tally: Tally) -> None:
    """Count the acknowledged reports against the database: each there once, none more."""
    stored = dict(
        Report.objects.filter(
            channel=Channel.OPEN311, description__startswith=f"Bench {run_id} #"
        ).values_list("reference", "description")
    )
    missing = [ref for ref in tally.acknowledged if ref not in stored]
    wrong = [ref for ref, text in tally.acknowledged.items() if stored.get(ref, text) != text]
    unacknowledged = [ref for ref in stored if ref not in tally.acknowledged]
    print(
        f"database: {len(stored):,} reports of this run for {len(tally.acknowledged):,} "
        f"acknowledged; missing {len(missing)}, with another text {len(wrong)}, "
        f"stored but not acknowledged {len(unacknowledged)}"
    )
    if missing or wrong or len(stored) != len(tally.acknowledged):
        sys.exit("LOST OR EXTRA REPORTS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True)
    parser.add_argument(
        "--rate", type=float, default=200, help="requests per second, 0: closed loop"
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    args = parser.parse_args()
    if args.rate == 0 and args.concurrency != 1:
        print("closed loop: one client, as fast as answered")
        args.concurrency = 1
    run(args)


if __name__ == "__main__":
    main()
