import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lisa.accounts.actions import ConfigurationError, organisations_load
from lisa.geo.actions import areas_import
from lisa.geo.geodata import geodata_dir, missing_geodata, missing_geodata_help
from lisa.geo.importers import AreaRecord, read_features, records_from_features
from lisa.geo.models import AreaKind
from lisa.lib.geometry import GeometryError
from lisa.lib.text import tidy_place_name
from lisa.reports.configuration import (
    categories_load,
    response_templates_load,
    routing_rules_load,
)

REGION_CODE = "04000"  # NIS code of the Brussels-Capital Region
# The six local police zones by official number, and the municipalities they cover.
POLICE_ZONES = {
    "5339": ({"21004", "21009"}, "Bruxelles-Capitale/Ixelles", "Brussel Hoofdstad/Elsene",
             "Brussels Capital/Ixelles"),
    "5340": ({"21003", "21008", "21010", "21011", "21012"}, "Bruxelles-Ouest", "Brussel-West",
             "Brussels West"),
    "5341": ({"21001", "21007", "21013"}, "Midi", "Zuid", "Midi"),
    "5342": ({"21002", "21016", "21017"}, "Uccle/Watermael-Boitsfort/Auderghem",
             "Ukkel/Watermaal-Bosvoorde/Oudergem", "Uccle/Watermael-Boitsfort/Auderghem"),
    "5343": ({"21005", "21018", "21019"}, "Montgomery", "Montgomery", "Montgomery"),
    "5344": ({"21006", "21014", "21015"}, "Bruxelles-Nord", "Brussel-Noord", "Brussels North"),
}  # fmt: skip
ENGLISH_MUNICIPALITY_NAMES = {"21004": "City of Brussels"}
CONFIG_DIR = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = (
        "Load the Brussels geography (region, 19 municipalities, 6 police zones, "
        "145 neighbourhoods) and LISA's Brussels configuration: organisations, "
        "categories and routing rules. Safe to run again: it updates what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder of the GeoJSON files (LISA_GEODATA_DIR)")

    def handle(self, *args, **options):
        path = geodata_dir(options["data_dir"])
        if missing_geodata(path):
            raise CommandError(missing_geodata_help(path))
        try:
            with transaction.atomic():
                self.load_geography(path)
                self.load_configuration()
        except (GeometryError, ConfigurationError) as error:
            raise CommandError(str(error)) from error

    def load_geography(self, path: Path) -> None:
        region = read_features(path / "region.geojson")
        self.report(
            AreaKind.REGION,
            [
                AreaRecord(
                    code=REGION_CODE,
                    name_fr="Région de Bruxelles-Capitale",
                    name_nl="Brussels Hoofdstedelijk Gewest",
                    name_en="Brussels-Capital Region",
                    geometry=region[0][1],
                )
            ],
            source="region.geojson",
        )
        municipalities = [
            AreaRecord(
                code=record.code,
                name_fr=record.name_fr,
                name_nl=record.name_nl,
                name_en=ENGLISH_MUNICIPALITY_NAMES.get(record.code, record.name_fr),
                geometry=record.geometry,
                parent_code=REGION_CODE,
            )
            for record in records_from_features(
                read_features(path / "municipalities.geojson"),
                code_field="national_code",
                name_fr_field="name_fr",
                name_nl_field="name_nl",
            )
        ]
        self.report(
            AreaKind.MUNICIPALITY, municipalities, "municipalities.geojson", AreaKind.REGION
        )
        self.report(
            AreaKind.POLICE_ZONE,
            self.police_zone_records(read_features(path / "police_zones.geojson")),
            "police_zones.geojson",
            AreaKind.REGION,
        )
        # The neighbourhood's municipality is the one holding most of its area
        # (commune_spatial_nis); the file's nom_commune is wrong for a third of them.
        neighbourhoods = records_from_features(
            read_features(path / "neighbourhoods.geojson"),
            code_field="mdzone",
            name_fr_field="namefre",
            name_nl_field="namedut",
            parent_field="commune_spatial_nis",
            tidy_name=tidy_place_name,
        )
        self.report(
            AreaKind.NEIGHBOURHOOD,
            neighbourhoods,
            "neighbourhoods.geojson",
            AreaKind.MUNICIPALITY,
        )

    def police_zone_records(self, features: list[tuple[dict[str, Any], Any]]) -> list[AreaRecord]:
        records = []
        for properties, geometry in features:
            municipalities = set(properties.get("communes_nis") or [])
            matches = [code for code, zone in POLICE_ZONES.items() if zone[0] == municipalities]
            if len(matches) != 1:
                raise GeometryError(
                    f"police zone {properties.get('zone_name')!r}: its municipalities "
                    f"{sorted(municipalities)} match no known zone"
                )
            code = matches[0]
            _municipalities, name_fr, name_nl, name_en = POLICE_ZONES[code]
            records.append(
                AreaRecord(
                    code=code,
                    name_fr=name_fr,
                    name_nl=name_nl,
                    name_en=name_en,
                    geometry=geometry,
                    parent_code=REGION_CODE,
                )
            )
        return records

    def load_configuration(self) -> None:
        organisations = read_json(CONFIG_DIR / "accounts/data/brussels_organisations.json")
        count = organisations_load(organisations["organisations"])
        self.stdout.write(f"organisations: {count} loaded")
        categories = read_json(CONFIG_DIR / "reports/data/categories.json")
        count = categories_load(categories["categories"])
        self.stdout.write(f"categories: {count} loaded")
        rules = read_json(CONFIG_DIR / "reports/data/brussels_routing.json")
        count = routing_rules_load(rules["rules"], prefix="brussels")
        self.stdout.write(f"routing rules: {count} loaded")
        templates = read_json(CONFIG_DIR / "reports/data/response_templates.json")
        count = response_templates_load(templates["templates"])
        self.stdout.write(f"response templates: {count} added")

    def report(
        self,
        kind: str,
        records: list[AreaRecord],
        source: str,
        parent_kind: str | None = None,
    ) -> None:
        result = areas_import(kind=kind, records=records, source=source, parent_kind=parent_kind)
        self.stdout.write(
            f"{kind}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as file:
        return json.load(file)
