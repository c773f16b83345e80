"""Find your LISA over HTTP: the directory, which office covers a street or a point, an
office's page with its hours told in Brussels time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisa.offices.models import Office, OfficeStatus, OpeningHours, PartnerHelp
from lisa.testing.factories import OfficeFactory
from lisa.testing.personas import organisation

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
WAYEZ = (50.835757, 4.312303)  # Rue Wayez, Anderlecht: in the test office's catchment
AT_SEA = (51.3, 2.9)  # the North Sea off Ostend


@pytest.fixture
def vaillance(anderlecht_office: Office) -> Office:
    """The test office with a phone, an e-mail, hours, and the police helping there."""
    anderlecht_office.phone = "+32 2 555 01 23"
    anderlecht_office.email = "vaillance@lisa-demo.example.org"
    anderlecht_office.address_fr = "Place de la Vaillance 27"
    anderlecht_office.address_nl = "Dapperheidsplein 27"
    anderlecht_office.save()
    OpeningHours.objects.bulk_create(
        OpeningHours(office=anderlecht_office, weekday=day, opens=opens, closes=closes)
        for day in range(5)
        for opens, closes in ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(16, 30)))
    )
    police = organisation("police-5341")
    anderlecht_office.partners.add(police)
    PartnerHelp.objects.create(
        office=anderlecht_office,
        organisation=police,
        help_fr="Dépôt de plainte sur rendez-vous",
        help_nl="Klacht indienen op afspraak",
        help_en="Filing a complaint by appointment",
    )
    return anderlecht_office


@pytest.fixture
def clock(monkeypatch):
    """Set the time the pages are served at, given in Brussels time."""

    def set_clock(year: int, month: int, day: int, hour: int, minute: int = 0) -> None:
        moment = dt.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    return set_clock


def test_a_resident_finds_the_office_that_covers_their_street(client, vaillance):
    response = client.get("/en/offices/", {"street": "Rue Wayez 12"})

    assert response.status_code == 200
    answer = response.content.decode().split('id="coverage-answer"')[1].split("</div>")[0]
    assert (
        "Rue Wayez (Anderlecht): your LISA office is <strong>Antenne Vaillance (test)</strong>"
        in answer
    )
    assert 'href="tel:+3225550123"' in answer
    assert "vaillance@lisa-demo.example.org" in answer
    assert 'href="/en/offices/test-vaillance/"' in answer


def test_a_street_typed_in_dutch_is_answered_with_the_dutch_names(client, vaillance):
    response = client.get("/nl/offices/", {"street": "Wayezstraat"})

    answer = response.content.decode().split('id="coverage-answer"')[1].split("</div>")[0]
    assert "Antenne Dapperheid (test)" in answer
    assert "Dapperheidsplein 27" in answer


def test_a_pin_on_the_map_finds_the_office_too(client, vaillance):
    response = client.get("/en/offices/", {"lat": WAYEZ[0], "lon": WAYEZ[1]})

    page = response.content.decode()
    assert "your LISA office is <strong>Antenne Vaillance (test)</strong>" in page


def test_a_street_no_office_covers_gets_the_municipal_contact_and_the_nearest_office(
    client, vaillance
):
    response = client.get("/en/offices/", {"street": "Rue Neuve"})

    page = response.content.decode()
    assert "No LISA office covers Rue Neuve (Bruxelles) yet." in page
    assert "contact City of Brussels – Prevention service" in page
    assert "The nearest office is Antenne Vaillance (test)" in page


def test_a_street_no_office_covers_is_answered_in_french(client, vaillance):
    page = client.get("/fr/offices/", {"street": "Rue Neuve"}).content.decode()

    assert "Aucune antenne LISA ne couvre encore Rue Neuve (Bruxelles)." in page


def test_a_point_outside_the_region_gets_a_clear_message_and_the_directory_stays(client, vaillance):
    response = client.get("/en/offices/", {"lat": AT_SEA[0], "lon": AT_SEA[1]})

    assert response.status_code == 200
    page = response.content.decode()
    assert "is outside the municipalities served by LISA" in page
    assert "Antenne Vaillance (test)" in page


def test_an_unknown_street_is_said_so_and_what_was_typed_stays_in_the_field(client, vaillance):
    response = client.get("/en/offices/", {"street": "Rue Qui N'Existe Pas"})

    page = response.content.decode()
    assert "No street of the Brussels-Capital Region is called" in page
    assert 'value="Rue Qui N&#x27;Existe Pas"' in page


def test_the_office_page_says_open_now_in_brussels_time(client, vaillance, clock):
    clock(2026, 11, 26, 10, 0)  # a Thursday morning

    page = client.get("/en/offices/test-vaillance/").content.decode()

    assert "Open now, until 12:00" in page
    assert "Filing a complaint by appointment" in page
    assert 'href="tel:+3225550123"' in page


def test_the_office_page_lists_every_weekday_with_the_closed_ones_said_so(client, vaillance):
    for language, closed, sunday in (("fr", "fermé", "Dimanche"), ("nl", "gesloten", "Zondag")):
        page = client.get(f"/{language}/offices/test-vaillance/").content.decode()
        hours = page.split('<table class="hours"')[1].split("</table>")[0]
        assert hours.count("<tr") == 7
        assert f'<th scope="row">{sunday}</th><td>{closed}</td>' in hours
        assert hours.count(f"<td>{closed}</td>") == 2
        assert 'aria-labelledby="hours-title"' in page
        assert page.count("Heures d'ouverture" if language == "fr" else "Openingsuren") == 1


def test_the_french_office_pages_put_a_space_before_a_colon_and_no_article_before_a_name(
    client, vaillance
):
    office = client.get("/fr/offices/test-vaillance/").content.decode()
    answer = client.get("/fr/offices/", {"street": "Rue Wayez 12"}).content.decode()

    assert "Téléphone :" in answer
    assert "E-mail :" in answer
    assert "Rue Wayez (Anderlecht) : votre antenne LISA est <strong>" in answer
    assert "Activités – Antenne Vaillance (test)" in office
    for page in (office, answer):
        assert "de Antenne" not in page
        assert "Téléphone:" not in page


def test_the_office_page_is_closed_on_a_public_holiday(client, vaillance, clock):
    clock(2026, 11, 11, 10, 0)  # Armistice Day, a Wednesday

    page = client.get("/fr/offices/test-vaillance/").content.decode()

    assert "Fermé aujourd'hui : jour férié" in page
    assert "Fermé, ouvre demain à 9:00" in page


def test_the_directory_says_when_a_closed_office_opens_next(client, vaillance, clock):
    clock(2026, 11, 27, 18, 0)  # a Friday evening

    page = client.get("/nl/offices/").content.decode()

    assert "Gesloten, opent maandag om 9:00" in page


def test_an_office_that_is_closed_for_good_or_unknown_has_no_page(client, vaillance):
    vaillance.status = OfficeStatus.CLOSED
    vaillance.save()

    assert client.get("/en/offices/test-vaillance/").status_code == 404
    assert client.get("/en/offices/nowhere/").status_code == 404


def test_the_office_page_runs_a_fixed_number_of_queries(client, vaillance):
    client.get("/en/offices/test-vaillance/")  # the calendars, built once per process
    with CaptureQueriesContext(connection) as few:
        client.get("/en/offices/test-vaillance/")
    for code in ("anderlecht-cpas", "foyer-anderlechtois", "anderlecht-cleanliness"):
        vaillance.partners.add(organisation(code))
        PartnerHelp.objects.create(office=vaillance, organisation=organisation(code), help_en="…")
    with CaptureQueriesContext(connection) as more:
        client.get("/en/offices/test-vaillance/")

    assert len(more) == len(few)


def test_an_office_being_set_up_covers_the_street_and_the_nearest_open_one_is_named(
    client, vaillance
):
    vaillance.status = OfficeStatus.SETTING_UP
    vaillance.save()
    OfficeFactory.create(
        code="test-clemenceau",
        name_fr="Antenne Clemenceau (test)",
        name_nl="Antenne Clemenceau (test)",
        municipality=vaillance.municipality,
        lat=50.84105,
        lon=4.333065,
        coordinator=vaillance.coordinator,
    )

    page = client.get("/en/offices/", {"street": "Rue Wayez"}).content.decode()

    assert "your LISA office is <strong>Antenne Vaillance (test)</strong>" in page
    assert "being set up" in page.lower()
    assert "the nearest open office is Antenne Clemenceau (test)" in page
