"""The locator is built when the server starts, and rebuilt only for geometry that changed."""

import importlib

import pytest
from django.core.management import call_command

from lisa.geo.actions import areas_import
from lisa.geo.importers import AreaRecord
from lisa.geo.locator import index_builds, invalidate_locator, locate
from lisa.geo.models import Area, AreaKind
from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office
from lisa.testing.personas import VAILLANCE, area

pytestmark = pytest.mark.django_db


def test_the_server_builds_the_locator_before_its_first_request(django_assert_num_queries):
    import lisa.wsgi

    invalidate_locator()
    importlib.reload(lisa.wsgi)

    with django_assert_num_queries(0):
        location = locate(lat=VAILLANCE[0], lon=VAILLANCE[1])
    assert location.municipality.code == "21001"


def test_saving_an_office_with_the_same_neighbourhoods_leaves_its_catchment_untouched(
    anderlecht_office: Office,
):
    catchment = anderlecht_office.catchment
    assert catchment is not None

    office_set_catchment(
        office=anderlecht_office, neighbourhoods=anderlecht_office.neighbourhoods.all()
    )

    again = Area.objects.get(pk=catchment.pk)
    assert again.updated_at == catchment.updated_at
    assert again.geometry == catchment.geometry


def test_an_office_edit_rebuilds_no_locator_index(
    anderlecht_office: Office, django_capture_on_commit_callbacks
):
    locate(lat=VAILLANCE[0], lon=VAILLANCE[1])
    builds = index_builds()

    with django_capture_on_commit_callbacks(execute=True):
        anderlecht_office.name_fr = "Antenne Vaillance (renommée)"
        anderlecht_office.save()
        office_set_catchment(
            office=anderlecht_office, neighbourhoods=anderlecht_office.neighbourhoods.all()
        )
    locate(lat=VAILLANCE[0], lon=VAILLANCE[1])

    assert index_builds() == builds


def test_a_new_catchment_is_seen_at_once_and_rebuilds_no_locator_index(
    anderlecht_office: Office, django_capture_on_commit_callbacks
):
    scheut = area(AreaKind.NEIGHBOURHOOD, "59")
    assert locate(lat=scheut.label_lat, lon=scheut.label_lon).office_catchment is None
    builds = index_builds()

    with django_capture_on_commit_callbacks(execute=True):
        office_set_catchment(
            office=anderlecht_office,
            neighbourhoods=[*anderlecht_office.neighbourhoods.all(), scheut],
        )

    location = locate(lat=scheut.label_lat, lon=scheut.label_lon)
    assert location.office_catchment == Office.objects.get(pk=anderlecht_office.pk).catchment
    assert index_builds() == builds


def test_importing_the_same_areas_again_writes_nothing():
    before = dict(Area.objects.values_list("id", "updated_at"))
    locate(lat=VAILLANCE[0], lon=VAILLANCE[1])
    builds = index_builds()

    call_command("load_brussels", stdout=open("/dev/null", "w"))  # noqa: SIM115
    invalidate_locator()  # as another process would find its stamp changed
    locate(lat=VAILLANCE[0], lon=VAILLANCE[1])

    assert dict(Area.objects.values_list("id", "updated_at")) == before
    assert index_builds() == builds


def test_a_changed_area_is_written_and_located_at_once():
    municipality = area(AreaKind.MUNICIPALITY, "21001")
    square = {
        "type": "Polygon",
        "coordinates": [
            [[4.30, 50.83], [4.31, 50.83], [4.31, 50.84], [4.30, 50.84], [4.30, 50.83]]
        ],
    }
    locate(lat=VAILLANCE[0], lon=VAILLANCE[1])
    builds = index_builds()

    result = areas_import(
        kind=AreaKind.OFFICE_CATCHMENT,
        records=[AreaRecord("square", "Carré", "Vierkant", "Square", square, "21001")],
        parent_kind=AreaKind.MUNICIPALITY,
    )

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    location = locate(lat=VAILLANCE[0], lon=VAILLANCE[1])
    assert location.office_catchment is not None
    assert location.office_catchment.code == "square"
    assert location.office_catchment.parent == municipality
    assert index_builds() == builds + 1
