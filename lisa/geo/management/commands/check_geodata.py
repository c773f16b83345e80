from django.core.management.base import BaseCommand, CommandError

from lisa.geo.geodata import geodata_dir, missing_geodata, missing_geodata_help


class Command(BaseCommand):
    help = "Check that the geography folder (LISA_GEODATA_DIR) holds the files LISA loads."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder of the GeoJSON files")
        parser.add_argument("--demo", action="store_true", help="also the files the demo reads")

    def handle(self, *args, **options):
        path = geodata_dir(options["data_dir"])
        if missing_geodata(path, demo=options["demo"]):
            raise CommandError(missing_geodata_help(path, demo=options["demo"]))
        self.stdout.write(f"Geography found in {path.resolve()}")
