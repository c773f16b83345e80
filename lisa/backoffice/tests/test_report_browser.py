"""The queue and the report page in Chromium: a walk-in answered and resolved, a police note
kept from a partner, a report split for two organisations, and how the screens look.

Screenshots of the queue and the report page, at 375 and 1280 px, in French and Dutch, are
saved to test-results/ (queue-fr-375.png, report-nl-1280.png, …).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from lisa.accounts.models import Organisation, Role, User
from lisa.offices.models import Office
from lisa.reports.actions import (
    ReporterDetails,
    SplitPart,
    message_send,
    note_add,
    report_assign,
    report_create,
    report_split,
    report_transition,
)
from lisa.reports.models import Category, Channel, Note, NoteVisibility, Report, Status
from lisa.testing.axe import serious_violations
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE
from lisa.testing.smtp import Inbox, body_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path("test-results")
PASSWORD = "correct horse battery staple"  # the factory's test password
RESIDENT = "an.peeters@example.org"
WALK_IN = "Een matras en twee stoelen op het trottoir voor nummer 12."
# Other places of Anderlecht (from streets.csv), so that the queue is not one point.
AUBER = (50.838741, 4.311688)
CLEMENCEAU = (50.84105, 4.333065)
DE_COSTER = (50.834503, 4.291842)


@pytest.fixture
def browser_context_args(browser_context_args):
    # The scenarios read the interface in English (its source text); the resident is Dutch.
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _no_tiles(context: BrowserContext) -> None:
    # The map asks OpenStreetMap for tiles: nothing leaves the machine in a test.
    context.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())


@pytest.fixture
def vaillance(anderlecht_office: Office) -> Office:
    """The Anderlecht test office, with the partners that sit at it."""
    anderlecht_office.partners.set(
        Organisation.objects.filter(
            code__in=["anderlecht-cleanliness", "foyer-anderlechtois", "police-5341"]
        )
    )
    return anderlecht_office


@pytest.fixture
def chloe(vaillance: Office) -> User:
    """An agent of Anderlecht's public cleanliness service, who works in French."""
    user = UserFactory.create(
        username="chloe", first_name="Chloé", last_name="Dubois", language="fr"
    )
    grant(user, "anderlecht-cleanliness", Role.PARTNER_AGENT, office=vaillance)
    return user


@pytest.fixture
def marc(vaillance: Office) -> User:
    """The coordinator of the Anderlecht office."""
    user = UserFactory.create(username="marc", first_name="Marc", last_name="Lambert")
    grant(user, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=vaillance)
    return user


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def walk_in(alice: User, office: Office) -> Report:
    """Register, as the Anderlecht desk does, a walk-in about bulky waste, from a Dutch speaker."""
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        address="Place de la Vaillance 12, Anderlecht",
        attributes={"road": "municipal"},
        description=WALK_IN,
        channel=Channel.DESK,
        by=alice,
        registered_at_office=office,
        language="nl",
        reporter=ReporterDetails(
            name="An Peeters", email=RESIDENT, language="nl", consents_to_contact=True
        ),
    ).report


def status_of(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def width_of(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["width"]


def history(page: Page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator("ol.timeline > li").all_inner_texts()]


def test_the_cleanliness_agent_answers_a_walk_in_from_a_template_and_resolves_it(
    live_server, page: Page, smtp_server: Inbox, alice, chloe, vaillance
):
    # smtp_server changes django.conf.settings, which the live server's thread reads too:
    # the acknowledgement sent here, on commit, and the e-mails the server sends below
    # reach the same inbox.
    report = walk_in(alice, vaillance)
    assert report.organisation.code == "anderlecht-cleanliness"
    smtp_server.wait_for(1)
    assert smtp_server.to(RESIDENT)[0]["Subject"] == f"Uw melding {report.reference}"

    sign_in(page, live_server.url, "chloe")
    expect(page).to_have_url(re.compile(r"/staff/queue/$"))
    expect(page.locator("h1")).to_contain_text("Anderlecht – Public cleanliness")
    row = page.locator("table.queue tbody tr", has_text=report.reference)
    expect(row).to_contain_text("Place de la Vaillance 12, Anderlecht")
    expect(row.locator(".status-pill")).to_have_text("new")
    row.get_by_role("link", name=report.reference).click()

    expect(page.locator("h1")).to_contain_text(report.reference)
    expect(page.locator(".description")).to_have_text(WALK_IN)
    # The step that moves it forward is the main button.
    expect(page.locator("#status-form button.primary")).to_have_text("Acknowledge")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".flash")).to_contain_text("The report is now acknowledged.")
    expect(page.locator(".report-head .status-pill")).to_have_text("acknowledged")

    # A message from a template, filled in the resident's language as it is chosen.
    page.get_by_text("Write to the resident").click()
    message = page.locator("#message-body")
    expect(page.get_by_label(re.compile(r"^Message, in "))).to_be_visible()
    page.locator("#message-body-template").select_option(label="Report received (acknowledged)")
    expect(message).to_be_focused()
    expect(message).to_have_value(re.compile(f"We hebben uw melding {report.reference}"))
    expect(message).to_have_value(re.compile("Anderlecht – Openbare netheid neemt ze op"))
    sent = message.input_value()
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator(".flash")).to_contain_text("Message sent to the resident.")

    # Resolved, with the template of a solved problem as the message that goes with it.
    expect(page.locator("#status-form button.primary")).to_have_text("Start work")
    page.locator("#status-message-template").select_option(label="Problem solved (resolved)")
    expect(page.locator("#status-message")).to_have_value(re.compile(r"^Goedendag"))
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator(".flash")).to_contain_text("The report is now resolved.")
    expect(page.locator(".report-head .status-pill")).to_have_text("resolved")

    steps = history(page)
    assert len(steps) == 4, steps
    assert "Reported Alice, desk · routed to Anderlecht – Public cleanliness" in steps[0]
    assert re.search(r"acknowledged \(was new\) .*Chloé Dubois", steps[1])
    assert "Message to the resident" in steps[2]
    assert "Chloé Dubois" in steps[2]
    assert f"We hebben uw melding {report.reference}" in steps[2]
    assert re.search(r"resolved \(was acknowledged\) .*Chloé Dubois", steps[3])
    assert "Goedendag" in steps[3]
    page.screenshot(path=RESULTS / "report-resolved-en-1280.png", full_page=True)

    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    news = [
        mail
        for mail in smtp_server.wait_for(2).to(RESIDENT)
        if mail["Subject"] == f"Nieuws over uw melding {report.reference}"
    ]
    assert len(news) == 1
    assert sent.replace("\r\n", "\n") in body_of(news[0]).replace("\r\n", "\n")
    # Whatever else the resident was sent about it came in Dutch too.
    assert all("melding" in mail["Subject"] for mail in smtp_server.to(RESIDENT))


def test_without_javascript_the_preview_button_fills_the_message_from_the_template(
    live_server, browser: Browser, smtp_server: Inbox, alice, chloe, vaillance
):
    report = walk_in(alice, vaillance)
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "chloe")
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")

    page.get_by_text("Write to the resident").click()
    page.locator("#message-body-template").select_option(label="Report received (acknowledged)")
    page.locator("form", has=page.locator("#message-body")).get_by_role(
        "button", name="Preview"
    ).click()

    # Posted, not sent as a GET form: no CSRF token, no draft in the address.
    expect(page).to_have_url(f"{live_server.url}/staff/reports/{report.reference}/do/fill/")
    message = page.locator("#message-body")
    expect(message).to_be_visible()  # its section is open again
    expect(message).to_have_value(re.compile(f"We hebben uw melding {report.reference}"))
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator(".flash")).to_contain_text("Message sent to the resident.")
    assert any(
        report.reference in body_of(mail) and "We hebben uw melding" in body_of(mail)
        for mail in smtp_server.wait_for(2).to(RESIDENT)
    )
    context.close()


def test_a_police_only_note_stays_hidden_from_the_housing_company_in_the_page_and_by_its_url(
    live_server, page: Page, bob, carol, vaillance
):
    # Noise in a social housing block: the police take it first, then pass it to the landlord.
    report = report_create(
        category=Category.objects.get(code="noise-neighbours"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        address="Place de la Vaillance 3, Anderlecht",
        description="Des cris et des coups chaque nuit au 2e étage.",
        channel=Channel.WEB,
        organisation=Organisation.objects.get(code="police-5341"),
        reporter=ReporterDetails(name="Resident", email="voisin@example.org"),
        notify=False,
    ).report

    sign_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")
    note_form = page.locator("form#note")
    note_form.get_by_label("Note", exact=True).fill("Adresse connue de nos services: dossier 2291.")
    note_form.get_by_label("Who may read it").select_option(label="police only")
    note_form.get_by_role("button", name="Add the note").click()
    expect(page.locator(".flash")).to_contain_text("Note added.")
    note_form.get_by_label("Note", exact=True).fill("Le Foyer peut rappeler le règlement.")
    note_form.get_by_label("Who may read it").select_option(label="all partners of the office")
    note_form.get_by_role("button", name="Add the note").click()
    police_note = Note.objects.get(visibility=NoteVisibility.POLICE)
    office_note = Note.objects.get(visibility=NoteVisibility.OFFICE)

    page.get_by_text("Transfer to another organisation").click()
    page.get_by_label("Transfer to", exact=True).select_option(label="Le Foyer Anderlechtois")
    page.get_by_label("Why", exact=True).fill("Trouble dans un logement du Foyer.")
    page.get_by_role("button", name="Transfer", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Transferred to Le Foyer Anderlechtois.")
    # The police officer still reads both notes, and the police-only one by its own address.
    expect(page.locator(".entry-note")).to_have_count(2)
    expect(page.locator(".timeline")).to_contain_text("dossier 2291")
    assert status_of(page, f"{live_server.url}/staff/notes/{police_note.pk}/") == 200
    expect(page.locator(".note-body")).to_contain_text("dossier 2291")

    sign_in(page, live_server.url, "carol")
    expect(page).to_have_url(re.compile(r"/staff/queue/$"))
    page.get_by_role("link", name=report.reference).click()
    expect(page.locator(".report-head")).to_contain_text("Le Foyer Anderlechtois")
    expect(page.locator(".entry-note")).to_have_count(1)
    expect(page.locator(".timeline")).to_contain_text("Le Foyer peut rappeler le règlement.")
    expect(page.locator("body")).not_to_contain_text("dossier 2291")
    # Neither may she pick "police only" for a note of her own.
    expect(page.locator("#note-visibility option", has_text="police only")).to_have_count(0)
    assert status_of(page, f"{live_server.url}/staff/notes/{police_note.pk}/") == 404
    expect(page.locator("body")).not_to_contain_text("dossier 2291")
    assert status_of(page, f"{live_server.url}/staff/notes/{office_note.pk}/") == 200


def test_the_coordinator_splits_a_walk_in_into_two_reports_for_two_organisations(
    live_server, page: Page, alice, marc, vaillance
):
    report = walk_in(alice, vaillance)

    sign_in(page, live_server.url, "marc")
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")
    page.get_by_text("Split: other problems found here").click()
    first = page.get_by_role("group", name="Problem 1")
    first.get_by_label("Category").select_option(label="Faulty lighting › Street light out")
    first.get_by_label("For").select_option(label="Sibelga – Public lighting")
    first.get_by_label("Description").fill("Le lampadaire devant le numéro 12 est éteint.")
    second = page.get_by_role("group", name="Problem 2")
    second.get_by_label("Category").select_option(label="Tags on facades › Private facade")
    second.get_by_label("For").select_option(label="Anderlecht – Public works")
    second.get_by_label("Description").fill("Un tag sur la façade du numéro 14.")
    page.get_by_role("button", name="Split", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Split into")

    children = list(Report.objects.filter(parent=report).order_by("reference"))
    assert [(c.category.code, c.organisation.code) for c in children] == [
        ("lighting-out", "sibelga"),
        ("tags-private", "anderlecht-public-works"),
    ]
    assert {c.address for c in children} == {report.address}
    related = page.locator("section[aria-labelledby=links-title]")
    for child, organisation in zip(
        children, ["Sibelga – Public lighting", "Anderlecht – Public works"], strict=True
    ):
        line = related.locator("li", has_text=child.reference)
        expect(line).to_contain_text(organisation)
        expect(line.locator(".status-pill")).to_have_text("new")
    steps = history(page)
    assert any(children[0].reference in step and "Marc Lambert" in step for step in steps)
    page.screenshot(path=RESULTS / "report-split-en-1280.png", full_page=True)

    related.get_by_role("link", name=children[0].reference).click()
    expect(page.locator("section[aria-labelledby=links-title]")).to_contain_text(
        f"Split from {report.reference}"
    )
    expect(page.locator(".report-head")).to_contain_text("Sibelga – Public lighting")


def busy_queue(alice: User, chloe: User, marc: User, office: Office) -> Report:
    """Fill the cleanliness service's queue with a few weeks of work; return one rich report."""
    now = timezone.now()
    dumping = Category.objects.get(code="dumping-bulky")
    bags = Category.objects.get(code="dumping-bags")
    litter = Category.objects.get(code="dumping-litter")
    municipal = {"road": "municipal"}

    def made(category: Category, point: tuple[float, float], address: str, **kwargs: Any):
        kwargs.setdefault("channel", Channel.WEB)
        kwargs.setdefault("description", "Des déchets abandonnés sur le trottoir.")
        return report_create(
            category=category,
            lat=point[0],
            lon=point[1],
            address=address,
            attributes=municipal if category.code != "dumping-litter" else None,
            notify=False,
            **kwargs,
        ).report

    # Long overdue, in progress with a colleague.
    old = made(dumping, AUBER, "Avenue Auber 31, Anderlecht", now=now - dt.timedelta(days=60))
    report_transition(report=old, to_status=Status.IN_PROGRESS, by=chloe)
    report_assign(report=old, by=chloe, to_user=chloe)
    # A little late, waiting for a third party.
    late = made(
        bags, CLEMENCEAU, "Avenue Clemenceau 88, Anderlecht", now=now - dt.timedelta(days=8)
    )
    report_transition(report=late, to_status=Status.ACKNOWLEDGED, by=chloe)
    report_transition(report=late, to_status=Status.WAITING, by=chloe)
    # Fresh ones, from the desk and from the web.
    made(
        litter,
        DE_COSTER,
        "Avenue Albert De Coster 5, Anderlecht",
        channel=Channel.DESK,
        by=alice,
        registered_at_office=office,
    )
    rich = made(
        dumping,
        VAILLANCE,
        "Place de la Vaillance 7, Anderlecht",
        description="Een kapotte zetel en vuilniszakken naast de kerk, al drie dagen.",
        language="nl",
        reporter=ReporterDetails(
            name="Jan Claes", email="jan.claes@example.org", language="nl", phone="+32 470 00 00 02"
        ),
        # Late, so that the page shows its flag.
        now=now - dt.timedelta(days=12),
    )
    report_transition(
        report=rich,
        to_status=Status.ACKNOWLEDGED,
        by=chloe,
        public_message="Goedendag, we hebben uw melding goed ontvangen.",
    )
    message_send(report=rich, body="We komen donderdagochtend langs.", by=chloe)
    note_add(
        report=rich,
        by=chloe,
        body="Camion prévu jeudi, tournée 4.",
        visibility=NoteVisibility.ORGANISATION,
        organisation=Organisation.objects.get(code="anderlecht-cleanliness"),
    )
    report_split(
        report=rich,
        parts=[
            SplitPart(
                category=Category.objects.get(code="lighting-out"),
                description="Lampadaire éteint devant l'église.",
                organisation=Organisation.objects.get(code="sibelga"),
            )
        ],
        by=marc,
    )
    return rich


def test_the_queue_and_the_report_page_look_right_in_french_and_dutch_on_a_phone_and_a_desk(
    live_server, page: Page, alice, chloe, marc, vaillance
):
    rich = busy_queue(alice, chloe, marc, vaillance)
    sign_in(page, live_server.url, "chloe")
    problems: dict[str, list[str]] = {}
    for language in ("fr", "nl"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in (
                ("queue", "/staff/queue/"),
                ("report", f"/staff/reports/{rich.reference}/"),
            ):
                page.goto(f"{live_server.url}{path}")
                expect(page.locator("html")).to_have_attribute("lang", language)
                # Nothing is wider than the screen.
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                    name,
                    language,
                    width,
                )
                page.screenshot(path=RESULTS / f"{name}-{language}-{width}.png", full_page=True)
                problems[f"{name}-{language}-{width}"] = serious_violations(page, open_details=True)

    assert not any(problems.values()), problems


def test_on_a_phone_the_actions_are_one_link_away(live_server, page: Page, alice, chloe, vaillance):
    report = walk_in(alice, vaillance)
    sign_in(page, live_server.url, "chloe")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")

    jump = page.get_by_role("link", name="Go to the actions")
    expect(jump).to_be_in_viewport()
    jump.click()
    expect(page.get_by_role("button", name="Acknowledge")).to_be_in_viewport()

    # On a desk's screen the actions sit beside the report: the link shows only to the
    # keyboard, as a shortcut past the map and the history.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")
    expect(page.get_by_role("button", name="Acknowledge")).to_be_in_viewport()
    shortcut = page.locator(".report-head .jump")
    assert width_of(shortcut) <= 1
    page.locator(".crumbs a").focus()
    page.keyboard.press("Tab")
    expect(jump).to_be_focused()
    assert width_of(shortcut) > 1
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#status-message-template")).to_be_focused()
