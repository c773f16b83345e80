"""Areas in the admin: a used area is not deleted, and its point reads with 6 decimals."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lisa.geo.models import Area, AreaKind
from lisa.reports.models import RoutingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruled_area() -> tuple[Area, RoutingRule]:
    """A police zone that one of the loaded Brussels rules does not use: give it one."""
    area = Area.objects.get(kind=AreaKind.POLICE_ZONE, code="5341")
    rule = RoutingRule.objects.filter(area__isnull=True, category__isnull=False).first()
    assert rule is not None
    rule.area = area
    rule.save()
    return area, rule


def test_it_refuses_to_delete_an_area_that_a_routing_rule_uses(ruled_area):
    area, rule = ruled_area

    with pytest.raises(ProtectedError):
        area.delete()

    assert RoutingRule.objects.get(pk=rule.pk).area == area


def test_the_admin_names_the_rules_that_keep_an_area(admin_client, ruled_area):
    area, rule = ruled_area
    url = reverse("admin:geo_area_delete", args=[area.pk])

    page = admin_client.get(url, headers={"accept-language": "en"})
    admin_client.post(url, {"post": "yes"})

    assert "protected related objects" in page.content.decode()
    with translation.override("en"):
        assert escape(str(rule)) in page.content.decode()
    assert Area.objects.filter(pk=area.pk).exists()
    assert RoutingRule.objects.filter(pk=rule.pk).exists()


def test_the_area_page_shows_its_point_with_six_decimals(admin_client):
    area = Area.objects.get(kind=AreaKind.MUNICIPALITY, code="21001")

    html = admin_client.get(reverse("admin:geo_area_change", args=[area.pk])).content.decode()

    assert f"{area.label_lat:.6f}, {area.label_lon:.6f}" in html
