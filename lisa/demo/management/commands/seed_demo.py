from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lisa.demo.offices import load_offices
from lisa.demo.people import load_people
from lisa.demo.reports import seed_reports
from lisa.geo.geodata import geodata_dir, missing_geodata, missing_geodata_help
from lisa.geo.models import Area
from lisa.reports.models import Report

DEMO_PASSWORD = "lisa-demo"  # noqa: S105  (printed for everyone on purpose: demo only)


class Command(BaseCommand):
    help = (
        "Load demo offices, demo users for every role and a year of demo reports. "
        "Run load_brussels first. Safe to run again: reports are added only to an "
        "empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=5000, help="how many reports")
        parser.add_argument("--data-dir", help="folder of the Brussels files (LISA_GEODATA_DIR)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, **options):
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
        self.print_logins(people)

    def print_logins(self, people):
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for person, user in people:
            where = f" at {person.office}" if person.office else ""
            self.stdout.write(
                f"  {user.username:<20} {person.role.replace('_', ' ')}, "
                f"{person.organisation}{where}"
            )
        self.stdout.write(
            f"Sign in:        {site}/accounts/login/  (every user: shows their roles)"
        )
        self.stdout.write(f"Administration: {site}/admin/  (admin only)")
