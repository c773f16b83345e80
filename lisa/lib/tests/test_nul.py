"""A NUL character anywhere in a request is bad input on every part of the site: a 400 in the
shape its caller reads and in their language, nothing written (PostgreSQL refuses to store
one; before, such a request was a server error there)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.test import Client

from lisa.open311.keys import api_key_create
from lisa.reports.models import Report
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


def test_open311_answers_its_list_of_errors_in_the_format_asked(client: Client):
    key = api_key_create(name="Demo app", scopes=["read", "write"]).key

    posted = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "dumping-bulky",
            "lat": str(VAILLANCE[0]),
            "long": str(VAILLANCE[1]),
            "description": "Un matelas\x00 abandonné",
        },
        headers={"Accept-Language": "nl"},
    )
    read = client.get("/open311/v2/requests.xml", {"service_request_id": "BXL\x00"})

    assert posted.status_code == 400
    (error,) = posted.json()
    assert error["code"] == 400
    assert "NUL" in error["description"]
    assert "NUL-teken" in error["description"]  # in Dutch, as asked
    assert Report.objects.count() == 0
    assert read.status_code == 400
    root = ElementTree.fromstring(read.content)  # noqa: S314 (our own answer)
    assert root.tag == "errors"
    assert root.find("error/code").text == "400"


@pytest.mark.parametrize(
    "url", ["/api/v1/categories?kind=%00", "/api/v1/reports/BXL%00", "/api/v1/areas?kind%00=x"]
)
def test_the_api_answers_its_error_shape(client: Client, url: str):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_a_page_answers_the_sites_400_page_in_the_readers_language(client: Client):
    page = client.get("/nl/offices/", {"q": "\x00"})
    form = client.post("/fr/report/", {"description": "Un matelas\x00", "category": "x"})

    assert page.status_code == 400
    assert '<html lang="nl"' in page.content.decode()
    assert form.status_code == 400
    assert '<html lang="fr"' in form.content.decode()
    assert Report.objects.count() == 0


def test_a_request_without_nul_goes_through(client: Client):
    assert client.get("/nl/offices/", {"q": "Anderlecht"}).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
