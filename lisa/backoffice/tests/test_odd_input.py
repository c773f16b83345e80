"""Odd values in addresses and filters, typed or from a broken link, are never a server error:
ids past what a database holds, pages past the end, words where numbers go."""

from __future__ import annotations

import pytest

from lisa.backoffice.tests.test_permission_matrix import client_for, world  # noqa: F401

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999999"  # more than any database integer holds
URLS = [
    f"/staff/events/{BIG}/",
    f"/staff/meetings/{BIG}/",
    f"/staff/files/{BIG}/",
    f"/staff/notes/{BIG}/",
    f"/staff/funding/calls/{BIG}/",
    f"/staff/funding/applications/{BIG}/",
    f"/staff/funding/files/{BIG}/",
    f"/staff/queue/?category={BIG}",
    f"/staff/queue/?office={BIG}",
    f"/staff/queue/?neighbourhood={BIG}&municipality={BIG}&assignee={BIG}",
    f"/staff/queue/?status=zzz&sort=zzz&page={BIG}",
    f"/staff/queue/points.json?category={BIG}",
    "/staff/cases/?status=zzz",
    f"/staff/dashboards/?category={BIG}",
    "/staff/dashboards/?period=zzz&since=99999-01-01",
    f"/staff/streets/?q=rue&lat={BIG}&lon=nan",
    "/staff/streets/nearest/?lat=nan&lon=inf",
    f"/fr/events/{BIG}/",
    f"/fr/map/?category={BIG}",
    f"/map/reports.geojson?category={BIG}&bbox=1,2,3",
    f"/map/reports.geojson?bbox=nan,inf,1,2&zoom={BIG}",
    f"/areas/neighbourhood.geojson?zoom={BIG}",
    f"/fr/follow/abc/rate/{BIG}/",
    f"/open311/v2/requests.json?service_request_id={BIG}",
    f"/open311/v2/requests/{BIG}.json",
    "/open311/v2/servicerequestupdates.json?start_date=9999-99-99",
    f"/open311/v2/requests.json?page={BIG}&page_size={BIG}",
    f"/open-data/reports.csv?year={BIG}",
]


@pytest.mark.parametrize("person", ["coordinator", "analyst"])
@pytest.mark.parametrize("url", URLS)
def test_an_odd_value_is_never_a_server_error(world, person, url):  # noqa: F811
    response = client_for(world, person).get(url)

    assert response.status_code < 500, (response.status_code, url)


@pytest.mark.parametrize("url", ["/staff/queue/", "/staff/cases/"])
def test_a_page_past_the_end_shows_the_last_page(world, url):  # noqa: F811
    client = client_for(world, "coordinator")

    first = client.get(url)
    past = client.get(url, {"page": BIG})

    assert past.status_code == 200
    assert past.context["page"] == 1  # the world's lists hold one page
    assert past.context["total"] == first.context["total"] > 0
