import json

from django.core.management.base import BaseCommand

from lisa.errors import LisaError
from lisa.geo.locator import locate
from lisa.reports.routing import office_at


class Command(BaseCommand):
    help = "Print the municipality, police zone, neighbourhood and office of a point."

    def add_arguments(self, parser):
        parser.add_argument("lat", type=float)
        parser.add_argument("lon", type=float)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        try:
            location = locate(lat=options["lat"], lon=options["lon"])
        except LisaError as error:
            self.stderr.write(
                json.dumps(error.as_dict(), ensure_ascii=False) if options["json"] else str(error)
            )
            raise SystemExit(2) from error
        office = office_at(location)
        result = {
            "municipality": location.municipality.summary(),
            "police_zone": location.police_zone.summary() if location.police_zone else None,
            "neighbourhood": location.neighbourhood.summary() if location.neighbourhood else None,
            "office": office.summary() if office else None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for kind, value in result.items():
            self.stdout.write(
                f"{kind:>14}: {value['name_fr'] + ' / ' + value['name_nl'] if value else '—'}"
            )
