"""Time the partners' back office on a database with many reports: the queue and the report page.

Each page is asked for through Django's test client, in this process, signed in (force_login)
as real demo users: an agent of the busiest organisation that has one, a police officer, an
office coordinator and a front-desk agent. For each page it prints the server time of
`--repeats` requests after `--warmup` ones (p50, p95, max), the median CPU time of this process
per request (Python: the part that does not wait for the database or for a core), the number
of SQL queries, their time as seen from here and as PostgreSQL gives it (planning and
execution, EXPLAIN ANALYZE: "db ms"); then the EXPLAIN ANALYZE of the queries of the slowest
pages. On a shared machine the wall-clock times follow the load; the CPU and db columns much
less. Nothing is asserted.

`bench/generate_reports.py` writes reports and their status history only. With `--furnish`
(once, on a benchmark database) this script first gives a sample of them what staff add:
assignments, notes, public messages, questions, files, reporters and supporters, and long
histories for a few reports in each user's queue. Those rows are benchmark data written in
bulk, like the generator's, not through the actions.

    DATABASE_URL=postgres://…/lisa_bench_copy bench/backoffice.py --furnish
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
import hashlib
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from lisa.accounts.models import Membership, Role, User
from lisa.reports.models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Attachment,
    InfoRequest,
    Message,
    Note,
    NoteVisibility,
    Report,
    Reporter,
    ReporterRole,
    Status,
)

QUEUE = "/staff/queue/"

NOTES = [
    "Passage prévu jeudi avec l'équipe du matin.",
    "Ophaling gepland donderdag met de grofvuilbestelwagen.",
    "Déjà signalé le mois passé à la même adresse ; à surveiller.",
    "Contact pris avec le gestionnaire de l'immeuble.",
    "Ter plaatse gecontroleerd: probleem bevestigd, foto's toegevoegd.",
]
MESSAGES = [
    "Votre signalement est en cours de traitement. Merci de votre patience.",
    "Uw melding wordt behandeld. Bedankt voor uw geduld.",
    "Une équipe passera sur place dans les prochains jours.",
]
QUESTIONS = [
    "Pouvez-vous préciser le numéro de la maison la plus proche ?",
    "Kunt u het dichtstbijzijnde huisnummer opgeven?",
]


# --- The sample of staff work -----------------------------------------------------------


def furnish(*, seed: int = 2026, sample: int = 3000, long: int = 12) -> dict[str, int]:
    """Give a sample of reports the rows staff add, once; return how many of each."""
    # Once: the notes it writes are its mark (other benchmarks add residents and reporters,
    # and a demo or a test may leave a few notes).
    if Note.objects.filter(body__in=NOTES).exists():
        return {}
    rng = random.Random(seed)
    now = timezone.now()
    users = demo_users()
    with override_settings(DEBUG=False), transaction.atomic():
        # The reports the chosen people work on: their default queue's open reports.
        pools = {
            who: list(
                Report.objects.filter(status__in=OPEN_STATUSES, **where)
                .order_by("deadline", "id")
                .values_list("id", "organisation_id", "office_id", "created_at")[:sample]
            )
            for who, where in _workplaces(users).items()
        }
        agents = _agents_of(pools)
        assigned: list[Report] = []
        activities: list[Activity] = []
        notes: list[Note] = []
        messages: list[Message] = []
        questions: list[InfoRequest] = []
        attachments: list[Attachment] = []
        reporters: list[Reporter] = []
        author = users["agent"]
        for pool in pools.values():
            for rank, (pk, organisation_id, office_id, created) in enumerate(pool):
                people = agents.get(organisation_id) or [author]
                rounds = 20 if rank % max(len(pool) // long, 1) == 0 else rng.choice([0, 0, 1, 2])
                at = created
                reporters.append(_reporter(pk, ReporterRole.REPORTER, created, rng))
                if organisation_id and rng.random() < 0.45:
                    to = rng.choice(people)
                    assigned.append(Report(pk=pk, assigned_to_id=to.pk))
                    at = at + dt.timedelta(hours=rng.uniform(2, 30))
                    activities.append(_assignment(pk, to, organisation_id, at))
                for number in range(rounds):
                    at = min(at + dt.timedelta(hours=rng.uniform(1, 20)), now)
                    by = rng.choice(people)
                    notes.append(
                        Note(
                            report_id=pk,
                            visibility=NoteVisibility.OFFICE
                            if office_id and number % 3 == 0
                            else NoteVisibility.ORGANISATION,
                            organisation_id=organisation_id or _organisation_of(by),
                            office_id=office_id,
                            author=by,
                            body=rng.choice(NOTES),
                            at=at,
                        )
                    )
                    if rounds >= 10:
                        messages.append(
                            Message(
                                report_id=pk,
                                body=rng.choice(MESSAGES),
                                by=by,
                                organisation_id=organisation_id,
                                at=at + dt.timedelta(minutes=5),
                            )
                        )
                        activities.append(_assignment(pk, rng.choice(people), organisation_id, at))
                        reporters.append(_reporter(pk, ReporterRole.SUPPORTER, at, rng))
                        if number % 4 == 0:
                            questions.append(_question(pk, by, organisation_id, at, rng))
                            attachments.append(_attachment(pk, by, at, number))
        Report.objects.bulk_update(assigned, ["assigned_to"], batch_size=2000)
        Activity.objects.bulk_create(activities, batch_size=2000)
        Note.objects.bulk_create(notes, batch_size=2000)
        Message.objects.bulk_create(messages, batch_size=2000)
        InfoRequest.objects.bulk_create(questions, batch_size=2000)
        Attachment.objects.bulk_create(attachments, batch_size=2000)
        Reporter.objects.bulk_create(reporters, batch_size=2000)
        made = {
            "activities": len(activities),
            "notes": len(notes),
            "messages": len(messages),
            "questions": len(questions),
            "attachments": len(attachments),
            "reporters": len(reporters),
        }
        made["assignments"] = len(assigned)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def _workplaces(users: dict[str, User]) -> dict[str, dict[str, int | None]]:
    places: dict[str, dict[str, int | None]] = {}
    for who, user in users.items():
        membership = Membership.objects.filter(user=user, is_active=True).order_by("id").first()
        assert membership is not None
        if membership.role in (Role.OFFICE_COORDINATOR, Role.FRONT_DESK_AGENT):
            places[who] = {"office_id": membership.office_id}
        else:
            places[who] = {"organisation_id": membership.organisation_id}
    return places


def _agents_of(pools: dict[str, list[tuple[Any, ...]]]) -> dict[int, list[User]]:
    organisations = {row[1] for pool in pools.values() for row in pool if row[1]}
    agents: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=organisations, is_active=True
    ).select_related("user"):
        agents.setdefault(membership.organisation_id, []).append(membership.user)
    return agents


def _organisation_of(user: User) -> int:
    membership = Membership.objects.filter(user=user).order_by("id").first()
    assert membership is not None
    return membership.organisation_id


def _assignment(pk: int, to: User, organisation_id: int | None, at: dt.datetime) -> Activity:
    return Activity(
        report_id=pk,
        kind=ActivityKind.ASSIGNED,
        by=to,
        organisation_id=organisation_id,
        at=at,
        data={"to_user": str(to), "to_team": ""},
    )


def _reporter(pk: int, role: str, at: dt.datetime, rng: random.Random) -> Reporter:
    number = rng.randrange(100)
    return Reporter(
        report_id=pk,
        role=role,
        name=f"Résident {number} (demo)",
        email=f"resident{number}@example.org",
        phone=f"+32 2 555 {number:02d} {rng.randrange(100):02d}",
        language=rng.choice(["fr", "nl"]),
        consents_to_contact=True,
        created_at=at,
    )


def _question(
    pk: int, by: User, organisation_id: int | None, at: dt.datetime, rng: random.Random
) -> InfoRequest:
    token = hashlib.sha256(f"bench-{pk}-{at.timestamp()}-{rng.random()}".encode()).hexdigest()
    return InfoRequest(
        report_id=pk,
        question=rng.choice(QUESTIONS),
        asked_by=by,
        organisation_id=organisation_id,
        asked_at=at,
        expires_at=at + dt.timedelta(days=14),
        token_hash=token,
        answer="Le numéro 12." if rng.random() < 0.6 else "",
        answered_at=at + dt.timedelta(hours=6) if rng.random() < 0.6 else None,
    )


def _attachment(pk: int, by: User, at: dt.datetime, number: int) -> Attachment:
    return Attachment(
        report_id=pk,
        file=f"attachments/{at:%Y/%m}/bench-{pk}-{number}.jpg",
        original_name=f"photo-{number}.jpg",
        content_type="image/jpeg",
        size=180_000,
        is_public=number % 8 == 0,
        uploaded_by=by,
        uploaded_at=at,
    )


# --- Who signs in -------------------------------------------------------------------------


def demo_users() -> dict[str, User]:
    """Return the demo people the pages are timed for, by what they are."""
    # The busiest organisation that has a demo agent: the most open reports.
    with_agents = Membership.objects.filter(role=Role.PARTNER_AGENT, is_active=True).values(
        "organisation_id"
    )
    busiest = (
        Report.objects.filter(status__in=OPEN_STATUSES, organisation_id__in=with_agents)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["organisation_id"]
    )

    def first(**where: Any) -> User:
        membership = (
            Membership.objects.filter(is_active=True, **where)
            .select_related("user")
            .order_by("id")
            .first()
        )
        if membership is None:
            raise SystemExit(f"no demo user with {where}: run seed_demo --reports 0 first")
        return membership.user

    return {
        "agent": first(role=Role.PARTNER_AGENT, organisation_id=busiest),
        "police": first(role=Role.POLICE_OFFICER),
        "coordinator": first(role=Role.OFFICE_COORDINATOR),
        "desk": first(role=Role.FRONT_DESK_AGENT),
    }


# --- Timing -------------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    url: str
    times: list[float]
    cpu: list[float]  # of this process: the time not spent waiting for the database or a core
    queries: list[dict[str, str]]
    rows: int

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def sql_ms(self) -> float:
        return sum(float(q["time"]) for q in self.queries) * 1000

    @property
    def db_ms(self) -> float:
        """Return what PostgreSQL says it spent planning and running the page's queries."""
        return sum(database_time(q["sql"]) for q in self.queries) if _on_postgresql() else 0.0


def measure(client: Client, name: str, url: str, *, warmup: int, repeats: int) -> Measure:
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
    times, cpu = [], []
    for _ in range(repeats):
        started, used = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    rows = response.content.count(b"<tr class=") if url.startswith(QUEUE) else 0
    return Measure(name, url, times, cpu, captured.captured_queries, rows)


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def database_time(sql: str) -> float:
    """Return the planning and execution time of a query, in ms, as EXPLAIN ANALYZE gives it.

    On a shared machine it changes less than the time seen from here, which also counts the
    waits for a core on both sides.
    """
    if not sql.lstrip().upper().startswith("SELECT"):
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0][0]
    return float(plan["Planning Time"]) + float(plan["Execution Time"])


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def queue_pages(users: dict[str, User]) -> list[tuple[str, str, str]]:
    """Return (who, name, url) for the queue pages to time."""
    agent = users["agent"]
    organisation = Membership.objects.filter(user=agent).order_by("id")[0].organisation_id
    open_reports = Report.objects.filter(organisation_id=organisation, status__in=OPEN_STATUSES)

    def commonest(field: str) -> Any:
        return (
            open_reports.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n")[0][field]
        )

    def rarest(field: str) -> Any:
        return (
            open_reports.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("id"))
            .order_by("n")[0][field]
        )

    total = open_reports.count()
    deep = max(total // 50 - 1, 1)
    some = open_reports.order_by("deadline", "id")[total // 2]
    assignee = (
        open_reports.exclude(assigned_to__isnull=True)
        .values("assigned_to")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    today = timezone.localdate()
    word = "matelas" if open_reports.filter(description__icontains="matelas")[:1] else "rue"
    pages = [
        ("agent", "default (open, deadline)", QUEUE),
        ("agent", f"page {deep} (the last)", f"{QUEUE}?page={deep}"),
        ("agent", "status new", f"{QUEUE}?status=new"),
        ("agent", "status waiting", f"{QUEUE}?status=waiting"),
        ("agent", "status closed", f"{QUEUE}?status=closed"),
        ("agent", "commonest category", f"{QUEUE}?category={commonest('category')}"),
        ("agent", "rarest category", f"{QUEUE}?category={rarest('category')}"),
        ("agent", "commonest neighbourhood", f"{QUEUE}?neighbourhood={commonest('neighbourhood')}"),
        ("agent", "rarest neighbourhood", f"{QUEUE}?neighbourhood={rarest('neighbourhood')}"),
        ("agent", "rarest municipality", f"{QUEUE}?municipality={rarest('municipality')}"),
        ("agent", "rarest office", f"{QUEUE}?office={rarest('office')}"),
        ("agent", "not assigned", f"{QUEUE}?assignee=none"),
        ("agent", "overdue", f"{QUEUE}?overdue=on"),
        ("agent", "overdue, last page", f"{QUEUE}?overdue=on&page=40"),
        (
            "agent",
            "last 30 days",
            f"{QUEUE}?created_from={today - dt.timedelta(days=30)}&created_to={today}",
        ),
        ("agent", "reference", f"{QUEUE}?q={some.reference}"),
        ("agent", "part of a reference", f"{QUEUE}?q={some.reference[-6:]}"),
        ("agent", f"a word ({word})", f"{QUEUE}?q={word}"),
        ("agent", "a word nobody wrote", f"{QUEUE}?q=zeppelin"),
        ("agent", "sort -deadline", f"{QUEUE}?sort=-deadline"),
        ("agent", "sort newest", f"{QUEUE}?sort=-created"),
        ("agent", "sort oldest", f"{QUEUE}?sort=created"),
        ("agent", "sort reference", f"{QUEUE}?sort=reference"),
        ("agent", f"sort newest, page {deep}", f"{QUEUE}?sort=-created&page={deep}"),
        ("agent", f"sort reference, page {deep}", f"{QUEUE}?sort=reference&page={deep}"),
        (
            "agent",
            "new + rarest neighbourhood, newest",
            f"{QUEUE}?status=new&neighbourhood={rarest('neighbourhood')}&sort=-created",
        ),
        ("police", "default", QUEUE),
        ("police", "sort newest", f"{QUEUE}?sort=-created"),
        ("police", "a word", f"{QUEUE}?q={word}"),
        ("coordinator", "default (office)", QUEUE),
        ("coordinator", "sort newest", f"{QUEUE}?sort=-created"),
        ("coordinator", "status closed", f"{QUEUE}?status=closed"),
        ("coordinator", "a word", f"{QUEUE}?q={word}"),
        ("desk", "default (office)", QUEUE),
        ("desk", "overdue", f"{QUEUE}?overdue=on"),
    ]
    if assignee:
        pages.insert(12, ("agent", "one assignee", f"{QUEUE}?assignee={assignee['assigned_to']}"))
    return pages


def report_pages(users: dict[str, User]) -> list[tuple[str, str, str]]:
    """Return (who, name, url) for report pages: the longest histories each person opens."""
    pages = []
    for who, user in users.items():
        places = _workplaces({who: user})[who]
        longest = (
            Report.objects.filter(**places)
            .annotate(n=Count("notes"))
            .filter(n__gt=0)
            .order_by("-n")
            .values_list("reference", "n")[:2]
        )
        for reference, notes in longest:
            pages.append((who, f"{reference} ({notes} notes)", f"/staff/reports/{reference}/"))
    # An ordinary report, no staff work on it.
    plain = Report.objects.filter(
        **_workplaces({"agent": users["agent"]})["agent"], status=Status.CLOSED
    ).values_list("reference", flat=True)[0]
    pages.append(("agent", f"{plain} (closed, bare)", f"/staff/reports/{plain}/"))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--furnish", action="store_true", help="add staff work to a sample first")
    parser.add_argument("--explain", type=int, default=4, help="EXPLAIN the N slowest pages")
    parser.add_argument("--only", default="", help="time only pages whose name has this")
    options = parser.parse_args(argv)
    database = connection.settings_dict["NAME"]
    print(f"{Report.objects.count():,} reports in {connection.vendor} database {database}")
    if options.furnish:
        print("staff work added:", furnish() or "nothing (already there)")
    users = demo_users()
    for who, user in users.items():
        print(f"  {who:12} {user.username}")
    clients = {}
    for who, user in users.items():
        clients[who] = Client(HTTP_HOST="localhost")
        clients[who].force_login(user)
    results: list[Measure] = []
    header = (
        f"{'who':12} {'page':42} {'p50':>7} {'p95':>7} {'max':>7} {'cpu':>6} {'queries':>7} "
        f"{'SQL ms':>7} {'db ms':>6} {'rows':>4}"
    )
    for title, pages in (("queue", queue_pages(users)), ("report page", report_pages(users))):
        print(f"\n{title} (ms, {options.repeats} requests after {options.warmup})\n{header}")
        for who, name, url in pages:
            if options.only and options.only not in name:
                continue
            result = measure(
                clients[who], f"{who}: {name}", url, warmup=options.warmup, repeats=options.repeats
            )
            results.append(result)
            print(
                f"{who:12} {name[:42]:42} {result.p50:7.1f} {result.p95:7.1f} "
                f"{max(result.times):7.1f} {statistics.median(result.cpu):6.1f} "
                f"{len(result.queries):7} {result.sql_ms:7.1f} {result.db_ms:6.1f} {result.rows:4}",
                flush=True,
            )
    if connection.vendor != "postgresql":
        return 0
    for result in sorted(results, key=lambda r: -r.p95)[: options.explain]:
        print(f"\n=== {result.name}: p95 {result.p95:.1f} ms  {result.url}")
        for query in sorted(result.queries, key=lambda q: -float(q["time"]))[:2]:
            print(f"--- {float(query['time']) * 1000:.1f} ms\n{query['sql']}\n")
            print(explain(query["sql"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
