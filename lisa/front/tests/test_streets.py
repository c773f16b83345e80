"""The resident's street search: open to all, in the page's language, cacheable."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from lisa.geo.geocoder import invalidate_geocoder
from lisa.testing.personas import OUTSIDE, VAILLANCE

pytestmark = pytest.mark.django_db


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def test_a_resident_finds_a_street_without_signing_in_named_in_the_pages_language(client):
    french = client.get(url("public-street-search", "fr"), {"q": "vaillance"})
    dutch = client.get(url("public-street-search", "nl"), {"q": "vaillance anderlecht"})

    assert french.status_code == 200
    assert french["Cache-Control"] == "public, max-age=3600"
    [first, *_] = french.json()["results"]
    assert first == {
        "label": "Place de la Vaillance (Anderlecht)",
        "name": "Place de la Vaillance",
        "name_fr": "Place de la Vaillance",
        "name_nl": "Dapperheidsplein",
        "municipality": "Anderlecht",
        "municipality_code": "21001",
        "lat": VAILLANCE[0],
        "lon": VAILLANCE[1],
        "number": "",
    }
    assert dutch.json()["results"][0]["label"] == "Dapperheidsplein (Anderlecht)"


def test_the_public_and_the_staff_search_give_the_same_answer(client, alice):
    public = client.get(url("public-street-search", "fr"), {"q": "dapperh"}).json()
    client.force_login(alice)
    staff = client.get(reverse("backoffice:street-search"), {"q": "dapperh"}).json()

    assert public == staff


def test_a_single_letter_finds_nothing_and_a_text_too_long_is_refused(client):
    short = client.get(url("public-street-search", "fr"), {"q": "v"})
    long = client.get(url("public-street-search", "nl"), {"q": "v" * 101})

    assert short.json() == {"results": []}
    assert long.status_code == 400
    assert long["Cache-Control"] == "no-store"
    assert long.json()["code"] == "query_too_long"
    assert long.json()["message"] == "Typ hoogstens 100 tekens van een straatnaam."


def test_a_resident_finds_the_street_nearest_to_their_phone(client):
    near = client.get(
        url("public-street-nearest", "nl"), {"lat": VAILLANCE[0], "lon": VAILLANCE[1]}
    )
    far = client.get(url("public-street-nearest", "fr"), {"lat": OUTSIDE[0], "lon": OUTSIDE[1]})

    assert near.status_code == 200
    assert near["Cache-Control"] == "public, max-age=3600"
    assert near.json()["label"] == "Dapperheidsplein (Anderlecht)"
    assert near.json()["municipality"] == "Anderlecht"
    assert (far.status_code, far.json()["code"]) == (404, "no_street_near")


@pytest.mark.parametrize(
    "query",
    [{}, {"lat": "north", "lon": "4.3"}, {"lat": "nan", "lon": "4.3"}, {"lat": "95", "lon": "4.3"}],
)
def test_a_position_that_is_not_one_is_refused_in_the_pages_language(client, query):
    response = client.get(url("public-street-nearest", "fr"), query)

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_coordinates",
        "message": "Indiquez une latitude et une longitude.",
    }


def test_it_says_so_when_it_cannot_search_streets(client, tmp_path):
    with override_settings(LISA_GEODATA_DIR=str(tmp_path)):
        invalidate_geocoder()
        try:
            response = client.get(url("public-street-search", "fr"), {"q": "vaillance"})
        finally:
            invalidate_geocoder()

    assert response.status_code == 503
    assert response.json()["code"] == "geocoder_unavailable"
    assert response["Cache-Control"] == "no-store"
