"""Error pages: in the visitor's language, in the public frame for public URLs, no traceback."""

import logging

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("lisa.front.tests.error_urls")]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_bug_on_a_public_page_shows_the_friendly_page_in_its_language_without_a_traceback(
    production, caplog
):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = production.get("/nl/failing/broken/")

    page = response.content.decode()
    assert response.status_code == 500
    assert 'lang="nl"' in page
    assert "Er is iets misgegaan" in page
    assert 'href="/nl/"' in page
    for leak in ("Traceback", "RuntimeError", "hunter2", "DATABASE_URL"):
        assert leak not in page
    # the bug is in the logs, for the people who fix it
    assert "hunter2" in caplog.text


def test_a_bug_on_a_staff_page_shows_the_friendly_page_too(production, caplog):
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = production.get("/staff/failing/broken/", headers={"accept-language": "fr"})

    page = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur s'est produite" in page
    assert "Traceback" not in page


def test_a_missing_public_page_keeps_the_public_navigation_and_its_language(production):
    response = production.get("/nl/nergens/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page
    assert 'class="public-nav"' in page
    # the language links lead to the same (missing) address in each language
    assert 'href="/fr/nergens/"' in page


def test_a_missing_staff_page_stays_in_the_staff_frame(production):
    response = production.get("/staff/nowhere/", headers={"accept-language": "fr"})

    page = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in page
    assert 'class="public-nav"' not in page


def test_a_request_not_understood_says_so_in_the_pages_language(production, caplog):
    with caplog.at_level(logging.CRITICAL):
        response = production.get("/fr/failing/suspicious/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Demande incompréhensible" in page
    assert "forged" not in page


def test_a_refused_page_says_so_in_the_pages_language(production, caplog):
    with caplog.at_level(logging.CRITICAL):
        response = production.get("/nl/failing/forbidden/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Niet beschikbaar voor u" in page
    assert 'class="public-nav"' in page
