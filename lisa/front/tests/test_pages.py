import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lisa.offices.models import Office

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor


def test_the_home_page_lists_the_offices_in_the_visitors_language(client, anderlecht_office):
    response = client.get("/", headers={"accept-language": "nl"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="nl"' in page
    assert "Antenne Dapperheid (test)" in page
    assert "/static/leaflet/leaflet.js" in page


def test_the_home_page_runs_a_fixed_number_of_queries(client, anderlecht_office):
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(3):
        Office.objects.create(
            code=f"extra-{number}",
            name_fr=f"Extra {number}",
            name_nl=f"Extra {number}",
            municipality=anderlecht_office.municipality,
            lat=anderlecht_office.lat,
            lon=anderlecht_office.lon,
            coordinator=anderlecht_office.coordinator,
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/")

    assert len(more) == len(few)


def test_leaflet_files_are_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    assert finders.find("lisa/lisa.css")
    assert finders.find("lisa/offices-map.js")
    assert finders.find("leaflet/leaflet.js")
    assert finders.find("leaflet/images/marker-icon.png")


def test_an_unknown_page_is_a_404_not_a_500(client):
    assert client.get("/nope/").status_code == 404


def test_a_partner_signs_in_and_sees_their_roles(client, bob):
    response = client.post(
        "/accounts/login/",
        {"username": "bob", "password": "correct horse battery staple"},
        headers={"accept-language": "nl"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"

    page = client.get("/me/", headers={"accept-language": "nl"}).content.decode()

    assert "Politiezone Zuid" in page
    assert "Antenne Dapperheid (test)" in page


def test_a_wrong_password_is_refused_in_the_visitors_language(client, bob):
    response = client.post(
        "/accounts/login/",
        {"username": "bob", "password": "wrong"},
        headers={"accept-language": "fr"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_my_roles_needs_signing_in(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
