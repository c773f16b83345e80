"""An office's catchment, and the routing rules that may point at it."""

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict
from django.test import RequestFactory

from lisa.errors import LisaError
from lisa.geo.models import Area, AreaKind
from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office
from lisa.reports.models import RoutingRule, TargetType
from lisa.testing.personas import organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catchment_rule(anderlecht_office: Office) -> RoutingRule:
    return RoutingRule.objects.create(
        position=5,
        area=anderlecht_office.catchment,
        target_type=TargetType.ORGANISATION,
        organisation=organisation("anderlecht-prevention"),
        note_fr="Tout ce qui vient de la zone de l'antenne",
        note_nl="Alles uit het werkgebied van de antenne",
        note_en="Everything from the office's catchment",
    )


def test_emptying_the_neighbourhoods_removes_a_catchment_no_rule_uses(anderlecht_office):
    catchment_id = anderlecht_office.catchment_id

    assert office_set_catchment(office=anderlecht_office, neighbourhoods=[]) is None

    assert not Area.objects.filter(pk=catchment_id).exists()
    assert not anderlecht_office.neighbourhoods.exists()


def test_it_refuses_to_empty_a_catchment_that_routing_rules_use(anderlecht_office, catchment_rule):
    with pytest.raises(LisaError) as caught:
        office_set_catchment(office=anderlecht_office, neighbourhoods=[])

    assert caught.value.code == "area_in_use"
    assert "#5 Tout ce qui vient de la zone de l'antenne" in str(caught.value.message)
    # Nothing changed: the rule, its area and the office's neighbourhoods are all kept.
    catchment_rule.refresh_from_db()
    assert catchment_rule.area == anderlecht_office.catchment
    assert list(anderlecht_office.neighbourhoods.values_list("code", flat=True)) == ["58"]


def test_the_office_form_says_which_rules_use_the_catchment(
    anderlecht_office, catchment_rule, admin_user
):
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin = site._registry[Office]
    data = model_to_dict(anderlecht_office, exclude=["catchment"])
    data |= {
        "neighbourhoods": [],
        "partners": [p.pk for p in data["partners"]],
        "lat": "50.835767",
        "lon": "4.306556",
    }
    form = model_admin.get_form(request, anderlecht_office)(data, instance=anderlecht_office)

    assert not form.is_valid()
    assert "#5 Tout ce qui vient de la zone de l'antenne" in form.errors["neighbourhoods"][0]


def test_the_office_form_shows_coordinates_with_six_decimals(anderlecht_office, admin_client):
    Office.objects.filter(pk=anderlecht_office.pk).update(lat=50.83576712345, lon=4.3065561234)

    html = admin_client.get(f"/admin/offices/office/{anderlecht_office.pk}/change/").content

    assert b'value="50.835767"' in html
    assert b'value="4.306556"' in html
    assert b'step="0.000001"' in html


def test_an_area_kind_reads_in_words(admin_client):
    html = admin_client.get(
        "/admin/geo/area/", {"kind": AreaKind.POLICE_ZONE}, headers={"accept-language": "fr"}
    ).content.decode()

    assert "zone de police" in html
    assert ">police_zone<" not in html
