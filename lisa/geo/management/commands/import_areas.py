from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lisa.geo.actions import areas_import
from lisa.geo.importers import read_features, records_from_features
from lisa.geo.models import AreaKind
from lisa.lib.geometry import GeometryError
from lisa.lib.text import tidy_place_name


class Command(BaseCommand):
    help = (
        "Create or update areas of one kind from a GeoJSON file in WGS 84; "
        "nothing is written if any feature is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a GeoJSON FeatureCollection")
        parser.add_argument("--kind", required=True, choices=AreaKind.values)
        parser.add_argument("--code-field", required=True, help="property holding the code")
        parser.add_argument("--name-fr-field", required=True)
        parser.add_argument("--name-nl-field", required=True)
        parser.add_argument("--name-en-field", help="defaults to the French name")
        parser.add_argument("--parent-field", help="property holding the parent area's code")
        parser.add_argument("--parent-kind", choices=AreaKind.values)
        parser.add_argument(
            "--tidy-names", action="store_true", help="title-case names written in capitals"
        )

    def handle(self, *args, **options):
        if options["parent_field"] and not options["parent_kind"]:
            raise CommandError("--parent-field needs --parent-kind")
        try:
            records = records_from_features(
                read_features(options["file"]),
                code_field=options["code_field"],
                name_fr_field=options["name_fr_field"],
                name_nl_field=options["name_nl_field"],
                name_en_field=options["name_en_field"],
                parent_field=options["parent_field"],
                tidy_name=tidy_place_name if options["tidy_names"] else str,
            )
            result = areas_import(
                kind=options["kind"],
                records=records,
                source=options["file"].name,
                parent_kind=options["parent_kind"],
            )
        except GeometryError as error:
            raise CommandError(f"{options['file']}: {error}") from error
        self.stdout.write(
            f"{options['kind']}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged from {options['file']}"
        )
