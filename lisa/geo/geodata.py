"""Find the folder of geography files and say where to get them when it is missing."""

from pathlib import Path

from django.conf import settings

GEOGRAPHY_FILES = (
    "municipalities.geojson",
    "police_zones.geojson",
    "neighbourhoods.geojson",
    "region.geojson",
)
# Not needed to load the geography: street names and points (the desk's and field reports'
# street search, the demo's reports) and the published offices (the demo).
DEMO_FILES = ("streets.csv", "offices_press_excerpts.csv")

MISSING_HELP = """\
LISA needs the Brussels geography and cannot find it in {path}.
Missing: {missing}

Put these files in one folder and point LISA_GEODATA_DIR at it:
  municipalities.geojson   the 19 municipalities (UrbIS administrative units:
                           https://datastore.brussels/web/urbis-download
                           or https://opendata.brussels)
  neighbourhoods.geojson   the 145 neighbourhoods of the Monitoring des Quartiers
                           (https://opendata.brussels,
                           dataset "quartiers du monitoring des quartiers")
  police_zones.geojson     the 6 police zones (the union of their municipalities)
  region.geojson           the outline of the region
All in WGS 84 longitude/latitude (EPSG:4326). The street search (desk, field
reports) and the demo also read:
  streets.csv              street names with one point each (OpenStreetMap,
                           EqualStreetNames Brussels)
  offices_press_excerpts.csv   the LISA offices whose addresses were published

Then run, for example:
  LISA_GEODATA_DIR=/path/to/brussels make demo
"""


def geodata_dir(override: str | Path | None = None) -> Path:
    return Path(override) if override else Path(settings.LISA_GEODATA_DIR)


def missing_geodata(path: Path, *, demo: bool = False) -> list[str]:
    names = GEOGRAPHY_FILES + (DEMO_FILES if demo else ())
    return [name for name in names if not (path / name).is_file()]


def missing_geodata_help(path: Path, *, demo: bool = False) -> str:
    return MISSING_HELP.format(path=path, missing=", ".join(missing_geodata(path, demo=demo)))
