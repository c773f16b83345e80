"""POST requests, API keys and tokens, as an Open311 client meets them."""

from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.test import Client

from lisa.open311.keys import api_key_create, api_key_revoke, key_hash
from lisa.open311.models import ApiKey
from lisa.reports.models import Channel, Report
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

SEA = (51.35, 2.60)  # the North Sea off Ostend


@pytest.fixture
def key() -> str:
    return api_key_create(name="Demo app", scopes=["read", "write"]).key


def post(client: Client, fmt: str = "json", **fields):
    return client.post(f"/open311/v2/requests.{fmt}", fields)


def request_fields(key: str, **overrides):
    fields = {
        "api_key": key,
        "service_code": "dumping-bulky",
        "lat": str(VAILLANCE[0]),
        "long": str(VAILLANCE[1]),
        "description": "Un matelas abandonné devant le numéro 27.",
        "email": "amina.demo@example.org",
        "first_name": "Amina",
        "last_name": "Demo",
    }
    return {**fields, **overrides}


def test_the_command_prints_the_key_alone_on_its_last_line_and_stores_its_hash():
    out = StringIO()
    call_command(
        "create_api_key", "--name", "FixMyStreet demo", "--scopes", "read,write", stdout=out
    )

    key = out.getvalue().strip().splitlines()[-1]
    stored = ApiKey.objects.get()
    assert stored.name == "FixMyStreet demo"
    assert stored.scopes == ["read", "write"]
    assert stored.key_hash == key_hash(key)
    assert key not in str(ApiKey.objects.values_list())
    assert stored.prefix == key[:8]


def test_a_client_posts_a_report_and_gets_its_reference(client: Client, key: str):
    response = post(client, **request_fields(key))

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json"
    (created,) = response.json()
    report = Report.objects.get(reference=created["service_request_id"])
    assert created == {
        "service_request_id": report.reference,
        "service_notice": "",
        "account_id": "",
    }
    assert report.channel == Channel.OPEN311
    assert report.category.code == "dumping-bulky"
    (reporter,) = report.reporters.all()
    assert reporter.email == "amina.demo@example.org"
    assert reporter.name == "Amina Demo"


def test_the_answer_is_the_same_in_xml(client: Client, key: str):
    response = post(client, "xml", **request_fields(key))

    assert response.status_code == 201
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "service_requests"
    (created,) = root.findall("request")
    assert Report.objects.filter(reference=created.findtext("service_request_id")).exists()


def test_the_attributes_are_the_categorys_answers(client: Client, key: str):
    response = post(client, **request_fields(key, **{"attribute[road]": "regional"}))

    assert response.status_code == 201, response.content
    report = Report.objects.get(reference=response.json()[0]["service_request_id"])
    assert report.attributes == {"road": "regional"}


def test_the_list_form_of_an_attribute_is_read_too(client: Client, key: str):
    response = post(client, **request_fields(key, **{"attribute[road][]": "municipal"}))

    assert response.status_code == 201, response.content
    report = Report.objects.get(reference=response.json()[0]["service_request_id"])
    assert report.attributes == {"road": "municipal"}


def test_an_unknown_answer_is_refused(client: Client, key: str):
    response = post(client, **request_fields(key, **{"attribute[road]": "motorway"}))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_client_may_give_an_address_instead_of_a_point(client: Client, key: str):
    fields = request_fields(key, address_string="Place de la Vaillance")
    del fields["lat"], fields["long"]

    response = post(client, **fields)

    assert response.status_code == 201, response.content
    report = Report.objects.get(reference=response.json()[0]["service_request_id"])
    assert "Vaillance" in report.address


def test_an_address_that_names_no_street_is_refused(client: Client, key: str):
    fields = request_fields(key, address_string="Rue qui n'existe pas du tout")
    del fields["lat"], fields["long"]

    response = post(client, **fields)

    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_a_point_at_sea_is_refused_in_the_clients_language(client: Client, key: str):
    response = client.post(
        "/open311/v2/requests.json",
        request_fields(key, lat=str(SEA[0]), long=str(SEA[1])),
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    assert response.status_code == 400
    (error,) = response.json()
    assert error["code"] == 400
    assert error["description"]
    assert not Report.objects.exists()


def test_a_description_over_4000_characters_is_refused(client: Client, key: str):
    response = post(client, **request_fields(key, description="x" * 5000))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_an_empty_description_is_refused(client: Client, key: str):
    response = post(client, **request_fields(key, description="  "))

    assert response.status_code == 400


def test_an_unknown_service_is_bad_input(client: Client, key: str):
    response = post(client, **request_fields(key, service_code="no-such-service"))

    assert response.status_code == 400
    assert "no-such-service" in response.json()[0]["description"]


def test_another_jurisdiction_is_not_found(client: Client, key: str):
    response = post(client, **request_fields(key, jurisdiction_id="elsewhere.example.org"))

    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize("given", ["", "not-a-key-at-all", "revoked", "read-only"])
def test_a_post_without_a_writing_key_is_forbidden(client: Client, given: str):
    if given == "revoked":
        created = api_key_create(name="Old app", scopes=["write"])
        api_key_revoke(api_key=created.api_key)
        given = created.key
    elif given == "read-only":
        given = api_key_create(name="Reader", scopes=["read"]).key

    response = post(client, "xml", **request_fields(given))

    assert response.status_code == 403
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "errors"
    assert root.find("error").findtext("code") == "403"
    assert not Report.objects.exists()


def test_a_key_is_rate_limited(client: Client, key: str, settings):
    settings.LISA_RATE_API_KEY = "2/d"

    statuses = [post(client, **request_fields(key)).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]


def test_a_token_is_the_reference(client: Client, key: str):
    reference = post(client, **request_fields(key)).json()[0]["service_request_id"]

    response = client.get(f"/open311/v2/tokens/{reference}.json")

    assert response.status_code == 200
    assert response.json() == [{"service_request_id": reference, "token": reference}]
    assert client.get("/open311/v2/tokens/nothing.json").status_code == 404


def test_an_administrator_revokes_a_key_and_cannot_delete_it(admin_client: Client, client):
    created = api_key_create(name="Old app", scopes=["write"])
    changelist = "/admin/open311/apikey/"

    page = admin_client.get(changelist)
    assert page.status_code == 200
    assert created.api_key.prefix in page.content.decode()
    assert "delete_selected" not in page.content.decode()
    response = admin_client.post(
        changelist, {"action": "revoke", "_selected_action": [created.api_key.pk]}
    )

    assert response.status_code == 302
    created.api_key.refresh_from_db()
    assert created.api_key.revoked_at is not None
    detail = f"{changelist}{created.api_key.pk}/"
    assert created.api_key.key_hash not in admin_client.get(f"{detail}change/").content.decode()
    assert admin_client.get(f"{detail}delete/").status_code == 403
    assert post(client, **request_fields(created.key)).status_code == 403


def test_a_client_needs_no_csrf_token_the_key_authenticates_it(key: str):
    strict = Client(enforce_csrf_checks=True)

    assert post(strict, **request_fields(key)).status_code == 201
