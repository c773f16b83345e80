import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lisa.offices.models import Office

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor


def test_healthz_logs_a_database_error_and_tells_only_that_the_database_is_down(client, caplog):
    driver_says = (
        'connection to server at "db.internal" (10.0.0.5), port 5432 failed: '
        'FATAL:  password authentication failed for user "lisa_prod"'
    )

    def unreachable(execute, sql, params, many, context):
        raise OperationalError(driver_says)

    with caplog.at_level(logging.ERROR), connection.execute_wrapper(unreachable):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": {"status": "error"}}
    assert "lisa_prod" not in response.content.decode()
    assert any(
        driver_says in record.getMessage() or driver_says in (record.exc_text or "")
        for record in caplog.records
    )


def test_the_root_sends_a_visitor_to_their_browsers_language(client):
    response = client.get("/", headers={"accept-language": "nl-BE,nl;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_the_home_page_leads_to_the_directory_of_offices(client, anderlecht_office):
    response = client.get("/nl/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="nl"' in page
    assert 'href="/nl/offices/"' in page


def test_the_directory_lists_the_offices_in_the_visitors_language(client, anderlecht_office):
    response = client.get("/nl/offices/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="nl"' in page
    assert "Antenne Dapperheid (test)" in page
    assert "/static/leaflet/leaflet.js" in page


def test_the_directory_runs_a_fixed_number_of_queries(client, anderlecht_office):
    client.get("/fr/offices/")  # the calendars and the locator, built once per process
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/offices/")
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
        client.get("/fr/offices/")

    assert len(more) == len(few)


def test_the_map_files_are_served_by_the_app_as_in_production(settings, tmp_path):
    """Collect the static files with hashed names, then fetch what the directory points to."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    client = Client()  # its WhiteNoise middleware reads the STATIC_ROOT collected above
    page = client.get("/fr/offices/").content.decode()
    served = {
        name: re.search(rf'"(/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension})"', page)
        for name, stem, extension in [
            ("lisa/lisa.css", "lisa/lisa", "css"),
            ("leaflet/leaflet.css", "leaflet/leaflet", "css"),
            ("leaflet/leaflet.js", "leaflet/leaflet", "js"),
            ("lisa/offices-map.js", "lisa/offices-map", "js"),
            ("leaflet/images/marker-icon.png", "leaflet/images/marker-icon", "png"),
            ("leaflet/images/marker-icon-2x.png", "leaflet/images/marker-icon-2x", "png"),
            ("leaflet/images/marker-shadow.png", "leaflet/images/marker-shadow", "png"),
        ]
    }
    assert all(served.values()), served

    for name, match in served.items():
        assert match is not None
        response = client.get(match[1])
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        source = Path(finders.find(name)).read_bytes()  # type: ignore[arg-type]
        if name.endswith(".png"):
            assert body == source, name
        else:  # the references inside point to hashed names, the rest is the file's
            assert body[:200] == source[:200], name
            assert len(body) > 0.9 * len(source), name


def test_an_unknown_page_is_a_404_not_a_500(client):
    assert client.get("/nope/").status_code == 404


def test_a_partner_signs_in_and_lands_on_their_work(client, bob):
    response = client.post(
        "/accounts/login/",
        {"username": "bob", "password": "correct horse battery staple"},
        headers={"accept-language": "nl"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/")["Location"] == "/staff/queue/"

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


def test_a_missing_page_says_so_in_the_visitors_language(client):
    response = client.get("/nowhere/", headers={"accept-language": "nl"})

    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="nl"' in page
    assert "Pagina niet gevonden" in page


def test_the_refused_and_broken_pages_are_in_the_visitors_language(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("fr"):
        refused = render_to_string("403.html", request=request)
        broken = render_to_string("500.html")

    assert "Pas disponible pour vous" in refused
    assert 'lang="fr"' in broken
    assert "Une erreur s'est produite" in broken
