"""The programme in a real browser: the analyst reads the overview, opens an application and
scores it, on a desk and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lisa.funding.actions import call_close
from lisa.funding.tests.test_actions import award, score_all
from lisa.testing.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # the factory's test password


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_the_analyst_reads_the_overview_and_scores(
    live_server, page: Page, application, call, dave, gina
):
    call_close(call=call, by=dave)
    score_all(application, gina)
    page.set_extra_http_headers({"Accept-Language": "en"})
    sign_in(page, live_server.url, "dave")
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Funding").click()
    expect(page.locator("h1")).to_have_text("Funding programme")
    expect(page.locator("[data-figure=supported]")).to_have_text("0")
    expect(page.locator("#years tr[data-year='2026']")).to_contain_text("500,000")
    assert serious_violations(page) == []

    page.get_by_role("link", name=call.name_in("en")).click()
    page.get_by_role("link", name=application.office.name_in("en")).click()
    needs, budget = call.criteria.order_by("position")
    page.get_by_label(f"{needs.name_in('en')} (0 to 10)").fill("9")
    page.get_by_label(f"{budget.name_in('en')} (0 to 5)").fill("4")
    page.get_by_role("button", name="Record my scores").click()
    expect(page.locator(".flash")).to_contain_text("Your scores are recorded.")
    expect(page.locator("#scores h2")).to_contain_text("out of 100")

    award(application, dave, amount="200000")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/staff/funding/")
    expect(page.locator("[data-figure=supported]")).to_have_text("1")
    expect(page.locator("[data-figure=committed]")).to_have_text("200,000")
    # On a phone the table reads as cards: no column runs off the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert serious_violations(page) == []
