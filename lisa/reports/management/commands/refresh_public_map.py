import time

from django.core.management.base import BaseCommand

from lisa.reports.actions import public_map_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the public map's cells from the reports the public may see. Run it every "
        "minute from cron: the map ignores cells older than LISA_PUBLIC_MAP_MAX_AGE seconds."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = public_map_refresh()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"public map cells: {count} in {elapsed:.1f} s")
