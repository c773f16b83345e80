"""The UrbIS geocoder against a real local HTTP server answering as UrbIS does."""

import socket
import time

import pytest
from django.urls import reverse
from django.utils import translation

from lisa.geo.checks import check_geocoder
from lisa.geo.geocoder import get_geocoder, resolve_street
from lisa.geo.urbis import UrbisGeocoder, UrbisUnavailable
from lisa.testing.personas import OUTSIDE, VAILLANCE
from lisa.testing.urbis import EVERE_1, VAILLANCE_12, VAILLANCE_STREET


@pytest.fixture
def urbis(urbis_server) -> UrbisGeocoder:
    geocoder = get_geocoder()
    assert isinstance(geocoder, UrbisGeocoder)
    return geocoder


def test_it_finds_a_street_with_its_french_and_dutch_names_and_municipality(urbis):
    [match] = urbis.search("dapperheid", "nl", 10)

    street = match.street
    assert match.label == "Dapperheidsplein (Anderlecht)"
    assert (street.name_fr, street.name_nl) == ("Place de la Vaillance", "Dapperheidsplein")
    assert (street.municipality_code, street.municipality_nl) == ("21001", "Anderlecht")
    assert (street.lat, street.lon) == VAILLANCE_STREET
    assert street.number == ""


def test_it_asks_in_both_languages_and_finds_nothing_for_an_unknown_street(urbis_server, urbis):
    assert urbis.search("Rue du Zyxwvut", "fr", 10) == []
    assert sorted("language=fr" in r for r in urbis_server.requests) == [False, True]


def test_a_street_typed_with_its_number_is_placed_at_that_house(urbis_server, urbis):
    resolution = resolve_street("Place de la Vaillance 12", language="fr", geocoder=urbis)

    assert len(urbis_server.requests) == 2  # one search, in French and in Dutch
    assert resolution.number == "12"
    assert resolution.match is not None
    assert resolution.match.street.number == "12"
    assert (resolution.match.street.lat, resolution.match.street.lon) == VAILLANCE_12


def test_a_street_chosen_from_the_suggestions_is_then_placed_at_the_house(urbis_server, urbis):
    resolution = resolve_street("Dapperheidsplein (Anderlecht) 12", language="nl", geocoder=urbis)

    assert resolution.match is not None
    assert resolution.match.label == "Dapperheidsplein (Anderlecht)"
    assert resolution.match.street.number == "12"
    assert (resolution.match.street.lat, resolution.match.street.lon) == VAILLANCE_12


def test_it_finds_the_address_nearest_to_a_position(urbis):
    street = urbis.reverse(*VAILLANCE)

    assert street is not None
    assert (street.name_fr, street.name_nl, street.number) == (
        "Place de la Vaillance",
        "Dapperheidsplein",
        "12",
    )
    assert urbis.reverse(*EVERE_1).municipality_code == "21006"


def test_it_finds_no_street_far_from_every_address(urbis):
    # UrbIS answers with its nearest address even outside the region; LISA says "none near".
    assert urbis.reverse(*OUTSIDE) is None


def test_it_says_in_the_persons_language_that_the_service_is_down():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = UrbisGeocoder(url=f"http://127.0.0.1:{port}/Rest/Localize/", timeout=0.5)

    with pytest.raises(UrbisUnavailable) as refused, translation.override("nl"):
        down.search("vaillance", "nl", 10)

    assert refused.value.code == "geocoder_unavailable"
    with translation.override("nl"):
        assert "UrbIS" in str(refused.value.message)
        assert "antwoordt" in str(refused.value.message)


def test_it_gives_up_on_a_slow_service_after_the_timeout(urbis_server, urbis):
    urbis_server.mode = "slow"

    started = time.monotonic()
    with pytest.raises(UrbisUnavailable) as refused:
        urbis.search("vaillance", "fr", 10)

    assert time.monotonic() - started < 1.5  # both languages at once, 0.5 s each
    assert "within 0.5 s" in refused.value.reason


@pytest.mark.parametrize("mode", ["garbage", "broken", "odd"])
def test_it_refuses_an_answer_it_cannot_read(urbis_server, urbis, mode):
    urbis_server.mode = mode

    with pytest.raises(UrbisUnavailable):
        urbis.search("vaillance", "fr", 10)
    with pytest.raises(UrbisUnavailable):
        urbis.reverse(*VAILLANCE)


@pytest.mark.django_db
def test_the_public_search_gives_house_numbers_through_urbis(urbis_server, client):
    with translation.override("nl"):
        search = reverse("public-street-search")
        nearest = reverse("public-street-nearest")

    found = client.get(search, {"q": "dapperheidsplein 12"}).json()["results"]
    near = client.get(nearest, {"lat": VAILLANCE[0], "lon": VAILLANCE[1]}).json()

    assert found[0]["label"] == "Dapperheidsplein (Anderlecht)"
    assert (found[0]["number"], found[0]["lat"], found[0]["lon"]) == ("12", *VAILLANCE_12)
    assert (near["name"], near["number"]) == ("Dapperheidsplein", "12")


@pytest.mark.django_db
def test_the_public_search_says_so_in_the_pages_language_when_urbis_is_down(urbis_server, client):
    urbis_server.mode = "broken"
    with translation.override("fr"):
        search = reverse("public-street-search")

    response = client.get(search, {"q": "vaillance"})

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert response.json()["code"] == "geocoder_unavailable"
    assert "ne répond pas" in response.json()["message"]


@pytest.mark.parametrize(
    "configured",
    [
        {"LISA_GEOCODER": "google"},
        {"LISA_GEOCODER": "urbis", "LISA_URBIS_URL": "file:///etc/passwd"},
        {"LISA_GEOCODER": "urbis", "LISA_URBIS_TIMEOUT": 0},
    ],
)
def test_it_refuses_to_start_with_a_street_search_that_cannot_work(settings, configured):
    for name, value in configured.items():
        setattr(settings, name, value)

    [error] = check_geocoder()

    assert error.id == "lisa.E003"


def test_it_starts_with_either_geocoder(settings):
    assert check_geocoder() == []
    settings.LISA_GEOCODER = "urbis"
    assert check_geocoder() == []
