import time

from django.core.management.base import BaseCommand

from lisa.dashboards.rollup import refresh


class Command(BaseCommand):
    help = (
        "Recompute the dashboards' rollups for the months of the reports changed since the "
        "last run (every month the first time, or with --full). Run it every minute from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild every month.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        months = refresh(full=options["full"])
        elapsed = time.perf_counter() - started
        self.stdout.write(f"dashboard rollups: {months} months in {elapsed:.1f} s")
