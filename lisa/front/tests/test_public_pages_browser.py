"""Every public page, in French, Dutch and English, in Chromium: axe-core finds no serious or
critical problem, the page says its language, a skip link leads to the content, and the
language links lead to the same page in the other languages.

The pages' own tests check what each does; this one walks all of them, so that a new page or
a change to the frame cannot leave one behind.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lisa.accounts.models import Role
from lisa.events.actions import event_create
from lisa.events.tests.conftest import details
from lisa.reports.actions import ReporterDetails, report_create
from lisa.reports.models import Category, Channel
from lisa.testing.axe import serious_violations
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE, make_anderlecht_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("fr", "nl", "en")


@pytest.fixture(autouse=True)
def _no_tiles(context):
    context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())


@pytest.fixture
def public_paths(db) -> list[str]:
    """The paths of every public page, without their language prefix."""
    office = make_anderlecht_office()
    agent = UserFactory.create(username="fatima", first_name="Fatima")
    grant(agent, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=office)
    event = event_create(office=office, details=details(), by=agent)
    created = report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        address="Place de la Vaillance 12, Anderlecht",
        description="Un matelas et deux chaises sur le trottoir.",
        channel=Channel.WEB,
        reporter=ReporterDetails(email="an.peeters@example.org", language="fr"),
        notify=False,
    )
    return [
        "",
        "report/",
        "follow/",
        f"follow/{created.follow_token}/",
        "offices/",
        f"offices/{office.code}/",
        f"offices/{office.code}/events/",
        "events/",
        f"events/{event.pk}/",
        "map/",
        "no-such-page/",
    ]


def test_every_public_page_passes_axe_in_three_languages(live_server, page: Page, public_paths):
    problems: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for path in public_paths:
            url = f"{live_server.url}/{language}/{path}"
            page.goto(url, wait_until="networkidle")
            expect(page.locator("html")).to_have_attribute("lang", language)
            found = serious_violations(page)
            if found:
                problems[f"/{language}/{path}"] = found
    assert problems == {}


def test_the_skip_link_and_the_language_links_keep_the_page(live_server, page: Page):
    # The first tab stop is the skip link; it moves the focus to the content.
    page.goto(f"{live_server.url}/nl/events/", wait_until="networkidle")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()

    # The switch keeps the page and what was asked of it.
    page.goto(f"{live_server.url}/nl/offices/?street=Dapperheidsplein", wait_until="networkidle")
    page.locator(".languages a[hreflang=fr]").click()
    expect(page).to_have_url(re.compile(r"/fr/offices/\?street=Dapperheidsplein$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".languages a[aria-current]")).to_have_attribute("hreflang", "fr")
