"""A case in a real browser: the office opens it from a report, a partner does its task."""

import pytest
from playwright.sync_api import Page, expect

from lisa.accounts.models import Role
from lisa.cases.models import Case, CaseStatus
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # the factory's test password


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_the_office_opens_a_case_and_the_housing_company_does_its_task(
    live_server, page: Page, anderlecht_office, carol
):
    page.set_extra_http_headers({"Accept-Language": "en"})
    marc = UserFactory.create(username="marc", first_name="Marc")
    grant(marc, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    report = report_create(
        category=Category.objects.get(code="neighbourhood-dispute"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Insultes et bruit entre voisins du 3e étage.",
        channel=Channel.DESK,
        notify=False,
    ).report

    sign_in(page, live_server.url, "marc")
    page.goto(f"{live_server.url}/staff/reports/{report.reference}/")
    page.get_by_text("Open a case with this report").click()
    page.get_by_label("Title").fill("Conflit au 3e étage")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("h1")).to_contain_text("Conflit au 3e étage")
    page.get_by_label("Organisation").select_option(label="Le Foyer Anderlechtois")
    page.get_by_label("What to do").fill("Courrier de rappel du règlement d'ordre intérieur.")
    page.get_by_role("button", name="Give the task").click()
    expect(page.locator(".flash")).to_contain_text("Task given to Le Foyer Anderlechtois")

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, "carol")
    page.goto(f"{live_server.url}/staff/cases/?mine=1")
    page.get_by_role("link", name=Case.objects.get().reference).click()
    expect(page.get_by_text(report.reference).first).to_be_visible()
    page.get_by_text("Mark this task done").click()
    page.get_by_label("What was done").fill("Courrier envoyé aux deux ménages.")
    page.screenshot(path="test-results/case-task-done-375.png", full_page=True)
    page.get_by_role("button", name="Mark done").click()

    expect(page.locator(".flash")).to_contain_text("the case is closed")
    assert Case.objects.get().status == CaseStatus.CLOSED
