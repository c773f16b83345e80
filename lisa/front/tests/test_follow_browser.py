"""In Chromium: a resident follows their resolved report, rates it in one click from the
e-mail's link, adds a comment, and says another problem is not solved.

Every follow page passes axe-core (no serious or critical violation) in French, Dutch and
English; screenshots of the pages at 375 and 1280 px, in French and Dutch, go to
var/screenshots/ (follow-fr-375.png, follow-rate-nl-1280.png, …).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from lisa.accounts.models import Role, User
from lisa.reports.actions import (
    CreatedReport,
    ReporterDetails,
    info_request_create,
    report_create,
    report_transition,
)
from lisa.reports.links import signed_follow_token
from lisa.reports.models import Category, Channel, ReopenRequest, Reporter, Satisfaction, Status
from lisa.testing.axe import serious_violations
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not test-results/: pytest-playwright empties it at the start of every session.
RESULTS = Path("var/screenshots")
PASSWORD = "correct horse battery staple"  # the factory's test password
SIZES = (375, 1280)


@pytest.fixture(autouse=True)
def _no_tiles(context):
    context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())


@pytest.fixture
def chloe(anderlecht_office) -> User:
    user = UserFactory.create(username="chloe", first_name="Chloé", last_name="Dubois")
    grant(user, "anderlecht-cleanliness", Role.PARTNER_AGENT, office=anderlecht_office)
    return user


def resolved_report(chloe: User, *, language: str, email: str) -> CreatedReport:
    created = report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        address="Place de la Vaillance 12, Anderlecht",
        attributes={"road": "municipal"},
        description="Een matras en twee stoelen op het trottoir.",
        channel=Channel.WEB,
        language=language,
        reporter=ReporterDetails(name="An Peeters", email=email, language=language),
        now=timezone.now() - dt.timedelta(days=3),
        notify=False,
    )
    info_request_create(
        report=created.report, question="Ligt het op de stoep?", by=chloe, notify=False
    )
    report_transition(report=created.report, to_status=Status.IN_PROGRESS, by=chloe, notify=False)
    report_transition(
        report=created.report,
        to_status=Status.RESOLVED,
        by=chloe,
        public_message="Het grofvuil is opgehaald. Bedankt voor uw melding.",
        notify=False,
    )
    return created


def look(browser: Browser, url: str, name: str, language: str) -> None:
    """Check a page with axe in a language, and screenshot it (FR and NL) at both widths."""
    for width in SIZES if language in ("fr", "nl") else (1280,):
        context = browser.new_context(
            locale=f"{language}-BE", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        assert page.locator("html").get_attribute("lang") == language
        assert serious_violations(page) == [], (name, language, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        if language in ("fr", "nl"):
            page.screenshot(path=RESULTS / f"{name}-{language}-{width}.png", full_page=True)
        context.close()


def test_a_resident_follows_their_report_rates_it_and_says_another_is_not_solved(
    live_server, browser: Browser, chloe
):
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    created = resolved_report(chloe, language="nl", email="an.peeters@example.org")
    resident = Reporter.objects.get(report=created.report)
    follow = f"{base}/nl/follow/{created.follow_token}/"

    context = browser.new_context(locale="nl-BE", viewport={"width": 375, "height": 800})
    page = context.new_page()
    # The follow page: where it stands, the history, the question, the office.
    page.goto(follow, wait_until="networkidle")
    expect(page.locator("h1")).to_have_text(f"Uw melding {created.report.reference}")
    expect(page.locator(".now")).to_contain_text("Volgens Anderlecht – Openbare netheid")
    expect(page.locator(".public-timeline")).to_contain_text("Het grofvuil is opgehaald.")
    expect(page.get_by_role("link", name="De vraag beantwoorden")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Chloé")

    # One click in the e-mail: the score is recorded, the comment box is offered.
    page.goto(f"{base}/nl/follow/{signed_follow_token(resident)}/rate/4/")
    expect(page.get_by_role("status")).to_contain_text("4 op 5")
    expect(page.get_by_role("radio", name=re.compile("^4 "))).to_be_checked()
    page.get_by_label("Een opmerking (niet verplicht)").fill("Snel opgehaald, bedankt!")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("We hebben uw antwoord genoteerd: 4 op 5")
    assert list(Satisfaction.objects.values_list("score", "comment")) == [
        (4, ""),
        (4, "Snel opgehaald, bedankt!"),
    ]

    # Back on the page the answer is shown, and can be changed with the keyboard alone.
    page.get_by_role("link", name="Terug naar uw melding").click()
    expect(page.locator(".satisfaction")).to_contain_text("U gaf 4 op 5")
    page.get_by_role("radio", name=re.compile("^5 ")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("5 op 5")

    # "Not solved": the resident asks to reopen, the button then gives way to the answer.
    page.goto(follow)
    page.get_by_role("link", name="Het probleem is niet opgelost").click()
    page.get_by_role("button", name="Vragen om mijn melding te heropenen").click()  # empty
    expect(page.get_by_label("Wat is er nog altijd mis?")).to_be_focused()
    page.get_by_label("Wat is er nog altijd mis?").fill("Er ligt opnieuw een matras.")
    page.get_by_role("button", name="Vragen om mijn melding te heropenen").click()
    expect(page.get_by_role("status")).to_contain_text("het zal u antwoorden")
    assert ReopenRequest.objects.get().reason == "Er ligt opnieuw een matras."
    page.goto(follow)
    expect(page.get_by_role("link", name="Het probleem is niet opgelost")).to_have_count(0)
    expect(page.locator(".not-solved")).to_contain_text("vroeg u om uw melding te heropenen")
    context.close()

    # The handler sees the request in the queue and on the report, and takes it up again.
    staff = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    work = staff.new_page()
    work.goto(f"{base}/accounts/login/")
    work.fill("#id_username", "chloe")
    work.fill("#id_password", PASSWORD)
    work.click("main form button[type=submit]")
    work.get_by_role("link", name=re.compile("asks to reopen it")).click()
    work.get_by_role("link", name=created.report.reference).click()
    expect(work.locator("#reopen")).to_contain_text("Er ligt opnieuw een matras.")
    assert serious_violations(work) == []
    work.screenshot(path=RESULTS / "follow-staff-reopen-en-1280.png", full_page=True)
    work.get_by_role("button", name="Reopen and take it up again").click()
    expect(work.locator(".report-head .status-pill")).to_have_text("in progress")
    expect(work.locator("#reopen")).to_have_count(0)
    staff.close()

    # Every page of the way, in the three languages: no serious accessibility problem.
    fresh = resolved_report(chloe, language="fr", email="louise@example.org")
    signed = signed_follow_token(Reporter.objects.get(report=fresh.report))
    for language in ("fr", "nl", "en"):
        look(browser, f"{base}/{language}/follow/", "follow-start", language)
        look(browser, f"{base}/{language}/follow/{created.follow_token}/", "follow", language)
        look(browser, f"{base}/{language}/follow/{signed}/rate/3/", "follow-rate", language)
        look(
            browser,
            f"{base}/{language}/follow/{fresh.follow_token}/not-solved/",
            "follow-not-solved",
            language,
        )
        look(browser, f"{base}/{language}/follow/wrong-token/", "follow-404", language)
