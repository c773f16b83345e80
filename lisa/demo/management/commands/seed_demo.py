from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lisa.demo.cases import seed_cases
from lisa.demo.events import seed_events
from lisa.demo.funding import seed_funding
from lisa.demo.meetings import seed_meetings
from lisa.demo.offices import load_offices
from lisa.demo.people import load_people
from lisa.demo.reports import seed_reports
from lisa.demo.satisfaction import seed_satisfaction
from lisa.demo.work import seed_work
from lisa.geo.geodata import geodata_dir, missing_geodata, missing_geodata_help
from lisa.geo.models import Area
from lisa.reports.models import Report

DEMO_PASSWORD = "lisa-demo"  # noqa: S105  (printed for everyone on purpose: demo only)


class Command(BaseCommand):
    help = (
        "Load demo offices, demo users for every role, a year of demo reports, demo cases, "
        "coming events, the work in progress of every role and the funding programme since "
        "2019. Run load_brussels first. "
        "Safe to run again: reports, cases, events and work are added only to a database "
        "without them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=5000, help="how many reports")
        parser.add_argument("--data-dir", help="folder of the Brussels files (LISA_GEODATA_DIR)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.LISA_DEMO):
            # The demo creates a superuser whose password is printed and public.
            raise CommandError(
                "seed_demo creates users, a superuser among them, whose password is printed "
                "and public: it runs only with DEBUG=true, or on a server meant as a demo "
                "with LISA_DEMO=true. Never run it on a database with real reports."
            )
        path = geodata_dir(options["data_dir"])
        if missing_geodata(path, demo=True):
            raise CommandError(missing_geodata_help(path, demo=True))
        if not Area.objects.filter(kind="municipality").exists():
            raise CommandError("No geography yet: run `manage.py load_brussels` first.")
        offices = load_offices(path)
        self.stdout.write(f"offices: {len(offices)} ({sum(o.is_demo for o in offices)} fictitious)")
        people = load_people(password=DEMO_PASSWORD)
        existing = Report.objects.count()
        if existing:
            self.stdout.write(f"reports: {existing} already there, none added")
        elif options["reports"] > 0:
            total = options["reports"]

            def progress(done: int) -> None:
                if done % 1000 == 0 or done == total:
                    self.stdout.write(f"reports: {done}/{total}")

            seed_reports(count=total, geodata=path, seed=options["seed"], progress=progress)
        cases = seed_cases(seed=options["seed"])
        self.stdout.write(f"cases: {len(cases)} added" if cases else "cases: none added")
        done = seed_work(seed=options["seed"])
        self.stdout.write(
            "work in progress: " + ", ".join(f"{n} {what}" for what, n in sorted(done.items()))
            if done
            else "work in progress: none added"
        )
        events = seed_events(seed=options["seed"])
        self.stdout.write(f"events: {len(events)} added" if events else "events: none added")
        meetings = seed_meetings(seed=options["seed"])
        self.stdout.write(
            f"meetings: {len(meetings)} added" if meetings else "meetings: none added"
        )
        said = seed_satisfaction(seed=options["seed"])
        self.stdout.write(
            "residents' answers: " + ", ".join(f"{n} {what}" for what, n in sorted(said.items()))
            if said
            else "residents' answers: none added"
        )
        calls = seed_funding(seed=options["seed"])
        self.stdout.write(
            f"funding programme: {len(calls)} calls added"
            if calls
            else "funding programme: none added"
        )
        self.print_logins(people)

    def print_logins(self, people):
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for person, user in people:
            if not person.listed:
                continue
            where = f" at {person.office}" if person.office else ""
            self.stdout.write(
                f"  {user.username:<20} {person.role.replace('_', ' ')}, "
                f"{person.organisation}{where}"
            )
        others = [user.username for person, user in people if not person.listed]
        if others:
            self.stdout.write(
                f"  {'desk.<office>':<20} front-desk agent at each other open office: "
                + ", ".join(others)
            )
        self.stdout.write(
            f"Sign in:        {site}/accounts/login/  (every user lands on the work of their role)"
        )
        self.stdout.write(f"Administration: {site}/admin/  (admin only)")
