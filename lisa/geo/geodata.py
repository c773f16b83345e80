"""Find the folder of geography files and say where to get them when it is missing."""

from pathlib import Path

from django.conf import settings

REQUIRED_FILES = (
    "municipalities.geojson",
    "police_zones.geojson",
    "neighbourhoods.geojson",
    "region.geojson",
)

MISSING_HELP = """\
LISA needs the Brussels geography and cannot find it in {path}.

Put these files in one folder and point LISA_GEODATA_DIR at it:
  municipalities.geojson   the 19 municipalities (UrbIS administrative units:
                           https://datastore.brussels/web/urbis-download
                           or https://opendata.brussels)
  neighbourhoods.geojson   the 145 neighbourhoods of the Monitoring des Quartiers
                           (https://opendata.brussels,
                           dataset "quartiers du monitoring des quartiers")
  police_zones.geojson     the 6 police zones (the union of their municipalities)
  region.geojson           the outline of the region
All in WGS 84 longitude/latitude (EPSG:4326).

Then run, for example:
  LISA_GEODATA_DIR=/path/to/brussels make demo
Missing: {missing}
"""


def geodata_dir(override: str | Path | None = None) -> Path:
    return Path(override) if override else Path(settings.LISA_GEODATA_DIR)


def missing_geodata(path: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (path / name).is_file()]


def missing_geodata_help(path: Path) -> str:
    return MISSING_HELP.format(path=path, missing=", ".join(missing_geodata(path)))
