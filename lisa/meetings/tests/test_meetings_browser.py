"""In Chromium: a coordinator prepares a partnership meeting whose agenda lists the office's
overdue reports (not another office's), records an action item, and finds it on the next
meeting's agenda. Screenshots of the meeting page at 375 and 1280 px in test-results/; axe-core
on the meeting page, and on the list and the form in French and Dutch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lisa.meetings.tests.conftest import a_report
from lisa.reports.models import Report
from lisa.testing.axe import serious_violations
from lisa.testing.factories import OfficeFactory
from lisa.testing.personas import GRAND_PLACE, area, organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # the factory's test password


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def schedule(page: Page, url: str, *, title: str, in_days: int) -> None:
    page.goto(f"{url}/staff/meetings/")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title", exact=True).fill(title)
    day = timezone.localdate() + dt.timedelta(days=in_days)
    page.get_by_label("Day", exact=True).fill(day.isoformat())
    page.get_by_label("Starts at").fill("09:30")
    page.get_by_label("Ends at").fill("11:00")
    page.get_by_label("Place", exact=True).fill("Antenne Vaillance, salle du 1er étage")
    page.get_by_label("Le Foyer Anderlechtois").check()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator("h1")).to_have_text(title)


def test_a_coordinator_prepares_a_meeting_records_an_action_item_and_finds_it_next_time(
    live_server, page: Page, anderlecht_office, marc
):
    page.set_extra_http_headers({"Accept-Language": "en"})
    anderlecht_office.partners.add(organisation("foyer-anderlechtois"))
    late = a_report(days_late=6, description="Dépôt de pneus devant le n° 4.")
    elsewhere = a_report(days_late=6, description="Dépôt rue du Midi.")
    other = OfficeFactory.create(
        code="test-grand-place",
        municipality=area("municipality", "21004"),
        lat=GRAND_PLACE[0],
        lon=GRAND_PLACE[1],
        coordinator=organisation("anderlecht-prevention"),
    )
    Report.objects.filter(pk=elsewhere.pk).update(office=other)

    sign_in(page, live_server.url, "marc")
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="Meetings").click()
    schedule(page, live_server.url, title="Partnership meeting of December", in_days=3)

    overdue = page.locator(".agenda-overdue")
    expect(overdue).to_contain_text(late.reference)
    expect(overdue).not_to_contain_text(elsewhere.reference)

    page.get_by_label("Decision: what to do").fill("Remove the tyres and warn the owner.")
    page.get_by_label("Organisation in charge").select_option(label="Le Foyer Anderlechtois")
    due = timezone.localdate() + dt.timedelta(days=20)
    page.get_by_label("Due on", exact=True).fill(due.isoformat())
    page.get_by_role("button", name="Record the action item").click()
    expect(page.locator(".flash")).to_contain_text("Le Foyer Anderlechtois")
    expect(page.locator("#action-items")).to_contain_text("Remove the tyres")
    page.screenshot(path="test-results/meeting-1280.png", full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    schedule(page, live_server.url, title="Partnership meeting of January", in_days=40)
    carried = page.locator(".agenda-action-items")
    expect(carried).to_contain_text("Remove the tyres and warn the owner.")
    expect(carried).to_contain_text("Le Foyer Anderlechtois")
    page.screenshot(path="test-results/meeting-next-375.png", full_page=True)
    assert serious_violations(page, open_details=True) == []
    for language in ("fr", "nl"):
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(f"{live_server.url}/staff/meetings/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert serious_violations(page) == []
        page.goto(f"{live_server.url}/staff/meetings/new/")
        assert serious_violations(page) == []
