"""GET discovery, services and services/{service_code}, as GeoReport v2 reads."""

from xml.etree import ElementTree

import pytest
from django.test import Client

from lisa.reports.models import Category

pytestmark = pytest.mark.django_db


def parse(content: bytes) -> ElementTree.Element:
    """Read an answer of this server (our own XML, not untrusted input)."""
    return ElementTree.fromstring(content)  # noqa: S314


def test_it_lists_every_category_a_report_can_be_made_in_as_a_service(client: Client):
    response = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    services = {service["service_code"]: service for service in response.json()}
    bulky = Category.objects.get(code="dumping-bulky")
    assert services["dumping-bulky"] == {
        "service_code": "dumping-bulky",
        "service_name": bulky.name_nl,
        "description": bulky.description_nl,
        "metadata": True,  # "road": municipal or regional
        "type": "realtime",
        "keywords": "",
        "group": bulky.parent.name_nl,
    }
    # A category with sub-categories is their group, not a service of its own.
    assert bulky.parent.code not in services
    leaves = Category.objects.filter(is_active=True).exclude(children__is_active=True)
    assert set(services) == set(leaves.values_list("code", flat=True))


def test_the_services_are_the_same_in_xml(client: Client):
    response = client.get("/open311/v2/services.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = parse(response.content)
    assert root.tag == "services"
    codes = [service.findtext("service_code") for service in root.findall("service")]
    assert codes == [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    bulky = next(
        s for s in root.findall("service") if s.findtext("service_code") == "dumping-bulky"
    )
    assert bulky.findtext("metadata") == "true"
    assert bulky.findtext("service_name") == Category.objects.get(code="dumping-bulky").name_fr


def test_a_services_attributes_are_its_categorys_questions(client: Client):
    response = client.get("/open311/v2/services/dumping-bulky.json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    definition = response.json()
    assert definition["service_code"] == "dumping-bulky"
    (road,) = definition["attributes"]
    assert road["code"] == "road"
    assert road["variable"] is True
    assert road["datatype"] == "singlevaluelist"
    assert road["required"] is False
    assert road["order"] == 1
    assert road["description"] == "On which road?"
    assert [value["key"] for value in road["values"]][:2] == ["municipal", "regional"]

    xml = parse(client.get("/open311/v2/services/dumping-bulky.xml").content)
    assert xml.tag == "service_definition"
    values = xml.findall("attributes/attribute/values/value")
    assert [value.findtext("key") for value in values][:2] == ["municipal", "regional"]


def test_an_unknown_service_is_a_404_in_the_specifications_error_list(client: Client):
    response = client.get("/open311/v2/services/no-such-thing.json")
    assert response.status_code == 404
    assert response.json() == [
        {"code": 404, "description": "Il n'y a pas de service no-such-thing."}
    ]

    xml = client.get("/open311/v2/services/no-such-thing.xml")
    assert xml.status_code == 404
    error = parse(xml.content).find("error")
    assert error is not None
    assert error.findtext("code") == "404"


def test_another_jurisdiction_is_a_404_and_this_one_is_answered(client: Client, settings):
    settings.LISA_OPEN311_JURISDICTION = "brussels.lisa"
    assert client.get("/open311/v2/services.json?jurisdiction_id=brussels.lisa").status_code == 200
    refused = client.get("/open311/v2/services.json?jurisdiction_id=paris.fr")
    assert refused.status_code == 404
    assert refused.json()[0]["code"] == 404


def test_discovery_says_where_the_server_is_and_which_formats_it_speaks(client: Client):
    response = client.get("/open311/v2/discovery.json")

    assert response.status_code == 200
    (endpoint,) = response.json()["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    xml = parse(client.get("/open311/v2/discovery.xml").content)
    assert xml.findtext("endpoints/endpoint/formats/format") == "text/xml"


def test_a_write_to_a_read_only_endpoint_is_refused(client: Client):
    assert client.post("/open311/v2/services.json").status_code == 405
