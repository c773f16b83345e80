import importlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from lisa.geo.locator import OutsideTerritory, locate
from lisa.geo.models import Area, AreaKind
from lisa.testing.personas import GRAND_PLACE, OUTSIDE, VAILLANCE

pytestmark = pytest.mark.django_db


def test_it_locates_the_grand_place_in_bruxelles_zone_5339():
    location = locate(lat=GRAND_PLACE[0], lon=GRAND_PLACE[1])

    assert location.municipality.code == "21004"
    assert location.police_zone.code == "5339"
    assert location.neighbourhood.name_fr == "Grand Place"
    assert location.office_catchment is None


def test_it_puts_every_municipality_representative_point_in_that_municipality():
    for municipality in Area.objects.filter(kind=AreaKind.MUNICIPALITY):
        location = locate(lat=municipality.label_lat, lon=municipality.label_lon)
        assert location.municipality == municipality, municipality.name_fr


def test_it_puts_every_neighbourhood_representative_point_in_that_neighbourhood():
    neighbourhoods = Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD)
    assert neighbourhoods.count() == 145
    for neighbourhood in neighbourhoods:
        location = locate(lat=neighbourhood.label_lat, lon=neighbourhood.label_lon)
        assert location.neighbourhood == neighbourhood, neighbourhood.name_fr


def test_it_refuses_a_point_outside_the_region():
    with pytest.raises(OutsideTerritory) as caught:
        locate(lat=OUTSIDE[0], lon=OUTSIDE[1])

    assert caught.value.code == "outside_region"


def test_it_finds_the_office_whose_catchment_holds_the_point(anderlecht_office):
    location = locate(lat=VAILLANCE[0], lon=VAILLANCE[1])

    assert location.office_catchment == anderlecht_office.catchment


def test_the_locate_command_prints_json(capsys, anderlecht_office):
    call_command("locate", str(VAILLANCE[0]), str(VAILLANCE[1]), "--json")

    result = json.loads(capsys.readouterr().out)
    assert result["municipality"] == {
        "code": "21001",
        "name_fr": "Anderlecht",
        "name_nl": "Anderlecht",
        "name_en": "Anderlecht",
    }
    assert result["police_zone"]["code"] == "5341"
    assert result["neighbourhood"]["code"] == "58"
    assert result["office"]["code"] == "test-vaillance"


def test_the_locate_command_exits_2_outside_the_region(capsys):
    with pytest.raises(SystemExit) as caught:
        call_command("locate", str(OUTSIDE[0]), str(OUTSIDE[1]), "--json")

    assert caught.value.code == 2
    assert json.loads(capsys.readouterr().err)["code"] == "outside_region"


def test_the_areas_are_served_as_light_geojson_in_the_visitors_language(client):
    response = client.get("/areas/municipality.geojson", headers={"accept-language": "nl"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert len(features) == 19
    assert "Sint-Jans-Molenbeek" in {f["properties"]["name"] for f in features}
    assert len(response.content) < 300_000  # the source file is 777 kB


def test_an_unknown_area_kind_is_a_404(client):
    assert client.get("/areas/planet.geojson").status_code == 404


def test_the_map_outline_is_computed_at_import_and_served_as_stored(client):
    anderlecht = Area.objects.get(kind=AreaKind.MUNICIPALITY, code="21001")
    assert json.loads(anderlecht.outline)["type"] in {"Polygon", "MultiPolygon"}
    assert len(anderlecht.outline) < len(json.dumps(anderlecht.geometry)) / 4
    point = {"type": "Point", "coordinates": [4.3, 50.8]}
    Area.objects.filter(pk=anderlecht.pk).update(outline=json.dumps(point))

    features = client.get("/areas/municipality.geojson").json()["features"]

    served = next(f for f in features if f["properties"]["code"] == "21001")
    assert served["geometry"] == point


def test_the_migration_computes_the_outline_of_areas_imported_before_it():
    fill_outlines = importlib.import_module("lisa.geo.migrations.0002_area_outline").fill_outlines
    expected = dict(Area.objects.values_list("id", "outline"))
    Area.objects.update(outline="")

    fill_outlines(apps, None)

    assert dict(Area.objects.values_list("id", "outline")) == expected
