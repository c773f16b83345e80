import json

import pytest
from django.core.management import CommandError, call_command

from lisa.geo.locator import locate
from lisa.geo.models import Area, AreaKind

pytestmark = pytest.mark.django_db

SQUARE = [[[4.30, 50.80], [4.31, 50.80], [4.31, 50.81], [4.30, 50.81], [4.30, 50.80]]]
BOWTIE = [[[4.30, 50.80], [4.31, 50.81], [4.31, 50.80], [4.30, 50.81], [4.30, 50.80]]]


def write_geojson(path, features, **extra):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Polygon", "coordinates": coords},
            }
            for props, coords in features
        ],
        **extra,
    }
    path.write_text(json.dumps(collection))
    return path


def import_areas(path, *extra):
    call_command(
        "import_areas",
        str(path),
        "--kind",
        "office_catchment",
        "--code-field",
        "id",
        "--name-fr-field",
        "fr",
        "--name-nl-field",
        "nl",
        *extra,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


def test_it_imports_areas_and_the_locator_sees_them_at_once(tmp_path):
    path = write_geojson(
        tmp_path / "zones.geojson", [({"id": 7, "fr": "ZONE SUD", "nl": "ZUIDZONE"}, SQUARE)]
    )

    import_areas(path, "--tidy-names")

    area = Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code="7")
    assert (area.name_fr, area.name_nl, area.name_en) == ("Zone Sud", "Zuidzone", "Zone Sud")
    assert 50.80 < area.label_lat < 50.81
    assert 4.30 < area.label_lon < 4.31
    assert locate(lat=50.805, lon=4.305).office_catchment == area


def test_it_updates_an_area_imported_again(tmp_path):
    path = write_geojson(tmp_path / "a.geojson", [({"id": "x", "fr": "Un", "nl": "Een"}, SQUARE)])
    import_areas(path)
    path = write_geojson(
        tmp_path / "a.geojson", [({"id": "x", "fr": "Deux", "nl": "Twee"}, SQUARE)]
    )

    import_areas(path)

    assert Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code="x").name_fr == "Deux"


def test_it_refuses_an_invalid_geometry_and_writes_nothing(tmp_path):
    path = write_geojson(
        tmp_path / "bad.geojson",
        [
            ({"id": "ok", "fr": "Bon", "nl": "Goed"}, SQUARE),
            ({"id": "bad", "fr": "Noeud", "nl": "Knoop"}, BOWTIE),
        ],
    )

    with pytest.raises(
        CommandError, match=r"feature 2 \(bad\): invalid geometry: Self-intersection"
    ):
        import_areas(path)
    assert not Area.objects.filter(kind=AreaKind.OFFICE_CATCHMENT).exists()


def test_it_refuses_projected_coordinates(tmp_path):
    lambert = [[[148000, 170000], [149000, 170000], [149000, 171000], [148000, 170000]]]
    path = write_geojson(tmp_path / "lambert.geojson", [({"id": 1, "fr": "L", "nl": "L"}, lambert)])

    with pytest.raises(CommandError, match=r"not longitude/latitude.*EPSG:4326"):
        import_areas(path)


def test_it_refuses_a_file_that_declares_another_crs(tmp_path):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}
    path = write_geojson(
        tmp_path / "crs.geojson", [({"id": 1, "fr": "L", "nl": "L"}, SQUARE)], crs=crs
    )

    with pytest.raises(CommandError, match=r"EPSG::31370.*convert it to WGS 84"):
        import_areas(path)


def test_it_names_a_missing_property(tmp_path):
    path = write_geojson(tmp_path / "p.geojson", [({"code": 1, "fr": "L", "nl": "L"}, SQUARE)])

    with pytest.raises(CommandError, match="no property 'id'"):
        import_areas(path)


def test_it_refuses_a_file_that_is_not_geojson(tmp_path):
    path = tmp_path / "notes.geojson"
    path.write_text("municipality;code\n")

    with pytest.raises(CommandError, match="not a GeoJSON file"):
        import_areas(path)


def test_it_links_parents_by_code(tmp_path):
    path = write_geojson(
        tmp_path / "c.geojson", [({"id": "c", "fr": "C", "nl": "C", "nis": "21001"}, SQUARE)]
    )

    import_areas(path, "--parent-field", "nis", "--parent-kind", "municipality")

    assert Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code="c").parent.name_fr == "Anderlecht"


def test_loading_brussels_twice_changes_nothing():
    before = {kind: Area.objects.filter(kind=kind).count() for kind in AreaKind.values}

    call_command("load_brussels", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = {kind: Area.objects.filter(kind=kind).count() for kind in AreaKind.values}
    assert after == before
    assert before[AreaKind.MUNICIPALITY] == 19
    assert before[AreaKind.POLICE_ZONE] == 6
    assert before[AreaKind.NEIGHBOURHOOD] == 145


def test_neighbourhoods_belong_to_the_municipality_holding_most_of_them():
    # Boitsfort Centre: the source's nom_commune says Ixelles, which is wrong.
    neighbourhood = Area.objects.get(kind=AreaKind.NEIGHBOURHOOD, code="103")

    assert neighbourhood.parent.code == "21017"


def test_load_brussels_says_where_to_get_the_files(tmp_path):
    with pytest.raises(CommandError, match="LISA_GEODATA_DIR") as caught:
        call_command("load_brussels", "--data-dir", str(tmp_path))

    assert "opendata.brussels" in str(caught.value)
