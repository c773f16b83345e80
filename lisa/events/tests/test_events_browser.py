"""In Chromium: a resident registers for a full event, is put on the waiting list and moves up
when another cancels. Every public page of the events is checked with axe-core in French,
Dutch and English.

Screenshots of the calendar and of an event's page, at 375 and 1280 px, in French and Dutch,
are saved to test-results/ (events-fr-375.png, event-nl-1280.png, …).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from lisa.accounts.models import Role
from lisa.events.actions import event_create, registration_create
from lisa.events.models import Event, Registration
from lisa.events.tests.conftest import details
from lisa.testing.axe import serious_violations
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import make_anderlecht_office
from lisa.testing.smtp import Inbox, body_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")
RESIDENT = "an.peeters@example.org"
FIRST = "samira.el-amrani@example.org"
TITLE = "Propreté du quartier : parlons-en"


@pytest.fixture
def full_event(db) -> tuple[Event, str]:
    """A thematic meeting next week with one place, taken by Samira; return it and her link."""
    office = make_anderlecht_office()
    agent = UserFactory.create(username="fatima", first_name="Fatima")
    grant(agent, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=office)
    event = event_create(office=office, details=details(capacity=1), by=agent)
    taken = registration_create(
        event=event, name="Samira El Amrani", email=FIRST, language="fr", notify=False
    )
    return event, taken.cancel_token


def cancel_link_in(mail) -> str:
    found = re.search(r"https?://\S+/events/cancel/\S+/", body_of(mail))
    assert found is not None, body_of(mail)
    return found.group(0)


def test_a_resident_joins_the_waiting_list_of_a_full_event_and_moves_up_when_another_cancels(
    live_server, page: Page, smtp_server: Inbox, full_event, settings
):
    event, samira_token = full_event
    settings.SITE_URL = live_server.url
    base = live_server.url

    # An, a Dutch speaker, finds the event on the calendar: it is full.
    page.goto(f"{base}/nl/events/", wait_until="networkidle")
    card = page.locator(".event-card", has_text=TITLE)
    expect(card.locator(".seats")).to_have_text("Volzet — schrijf u in op de wachtlijst")
    card.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="Op de wachtlijst gaan staan")).to_be_visible()

    # A mistake is answered in Dutch and what she typed is kept.
    page.get_by_label("Uw naam").fill("An Peeters")
    page.get_by_label("Uw e-mailadres").fill("an.peeters@")
    page.get_by_role("button", name="Op de wachtlijst gaan staan").click()
    expect(page.locator(".errorlist")).to_contain_text("e-mailadres")
    expect(page.get_by_label("Uw naam")).to_have_value("An Peeters")
    page.get_by_label("Uw e-mailadres").fill(RESIDENT)
    page.get_by_role("button", name="Op de wachtlijst gaan staan").click()
    expect(page.locator("h1")).to_have_text("U staat op de wachtlijst")
    assert page.url == f"{base}/nl/events/{event.pk}/registered/"
    assert serious_violations(page) == []
    page.reload(wait_until="networkidle")  # a reload asks nothing and registers nothing again
    expect(page.locator("h1")).to_have_text("U staat op de wachtlijst")
    assert Registration.objects.filter(email=RESIDENT).count() == 1

    [waiting] = smtp_server.wait_for(1)
    assert waiting["To"] == RESIDENT
    assert str(waiting["Subject"]).strip() == f"Wachtlijst: {TITLE}"
    an_link = cancel_link_in(waiting)
    assert "/nl/events/cancel/" in an_link
    assert Registration.objects.get(email=RESIDENT).status == "waiting"

    # Samira cannot come: she opens her link (nothing happens yet), then cancels, in French.
    page.goto(f"{base}/fr/events/cancel/{samira_token}/", wait_until="networkidle")
    expect(page.locator(".event-facts")).to_contain_text("confirmée")
    assert Registration.objects.get(email=FIRST).status == "confirmed"
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.locator(".success")).to_have_text(
        "Votre inscription est annulée. Merci de nous avoir prévenus."
    )

    # An moves up and is told, in Dutch.
    smtp_server.wait_for(2)
    [promoted] = smtp_server.to(RESIDENT)[1:]
    assert str(promoted["Subject"]).strip() == f"Een plaats voor u: {TITLE}"
    assert "u bent ingeschreven" in body_of(promoted)
    assert Registration.objects.get(email=RESIDENT).status == "confirmed"
    page.goto(an_link, wait_until="networkidle")
    expect(page.locator(".event-facts")).to_contain_text("bevestigd")
    page.goto(f"{base}/nl/events/{event.pk}/", wait_until="networkidle")
    expect(page.locator(".event-facts .seats")).to_have_text(
        "Volzet — schrijf u in op de wachtlijst"
    )


def test_the_event_pages_pass_axe_in_three_languages_and_are_captured(
    live_server, browser: Browser, full_event
):
    event, token = full_event
    base = live_server.url
    RESULTS.mkdir(exist_ok=True)
    pages = {
        "events": "/{lang}/events/",
        "office-events": f"/{{lang}}/offices/{event.office.code}/events/",
        "event": f"/{{lang}}/events/{event.pk}/",
        "event-cancel": f"/{{lang}}/events/cancel/{token}/",
    }
    found = []
    for language in ("fr", "nl", "en"):
        for width in (375, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path.format(lang=language), wait_until="networkidle")
                expect(page.locator("html")).to_have_attribute("lang", language)
                if width == 1280:
                    found += [f"{name} {language}: {v}" for v in serious_violations(page)]
                if language != "en" and name in ("events", "event"):
                    page.screenshot(path=RESULTS / f"{name}-{language}-{width}.png", full_page=True)
            context.close()
    assert found == []


def test_the_coordinator_puts_an_event_on_the_calendar_and_cancels_a_place_for_a_caller(
    live_server, page: Page, full_event
):
    event, _token = full_event
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "fatima")
    page.fill("#id_password", "correct horse battery staple")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    page.get_by_role("link", name="Activités").click()
    expect(page.locator("h1")).to_have_text("Activités")
    expect(page.locator("table.events")).to_contain_text(TITLE)
    assert serious_violations(page) == []
    page.get_by_role("link", name="Nouvelle activité").click()
    page.get_by_label("Type").select_option("activity")
    page.get_by_label("Titre").fill("Balade exploratoire du quartier")
    page.get_by_label("Lieu").fill("Départ devant l'antenne, place de la Vaillance 27")
    page.get_by_label("Jour").fill(event.starts_at.date().isoformat())
    page.get_by_label("Début").fill("10:00")
    page.get_by_label("Fin").fill("12:00")
    page.get_by_label("Places", exact=True).fill("15")
    page.get_by_label("Nederlands").check()
    page.get_by_role("button", name="Mettre à l’agenda").click()
    expect(page.locator(".flash")).to_contain_text("L’activité est à l’agenda.")
    expect(page.locator("h1")).to_have_text("Balade exploratoire du quartier")
    expect(page.get_by_label("Début")).to_have_value("10:00")
    assert serious_violations(page) == []

    # Samira called: she cannot come. The coordinator cancels her place.
    page.goto(f"{base}/staff/events/{event.pk}/", wait_until="networkidle")
    expect(page.locator("table.registrations")).to_contain_text(FIRST)
    page.get_by_role("button", name="Annuler pour Samira El Amrani").click()
    expect(page.locator(".flash")).to_contain_text("L’inscription de Samira El Amrani est annulée.")
    expect(page.locator("table.registrations")).to_contain_text("annulée")
    assert Registration.objects.get(email=FIRST).status == "cancelled"
