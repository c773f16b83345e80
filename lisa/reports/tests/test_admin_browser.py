import re

import pytest
from playwright.sync_api import Page, expect

from lisa.accounts.models import User
from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import ReporterDetails, report_create
from lisa.reports.models import Category, Channel
from lisa.testing.personas import VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_signs_in_and_opens_a_report(live_server, page: Page):
    User.objects.create_superuser("ada", "ada@example.org", "a long demo passphrase")
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Le lampadaire devant le 27 ne s'allume plus.",
        channel=Channel.DESK,
        reporter=ReporterDetails(name="Erin Resident", email="erin@example.org"),
    ).report

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label(re.compile("Nom d.utilisateur|Username")).fill("ada")
    page.get_by_label(re.compile("Mot de passe|Password")).fill("a long demo passphrase")
    page.get_by_role("button", name=re.compile("Connexion|Log in")).click()
    page.get_by_role("link", name=re.compile("^(Signalements|Reports)$")).last.click()
    page.get_by_role("link", name=report.reference).click()

    expect(page.locator("h2, h1").first).to_be_visible()
    expect(page.get_by_text("Le lampadaire devant le 27 ne s'allume plus.")).to_be_visible()
    expect(page.get_by_text("Sibelga").first).to_be_visible()
    # the contact details are one click away, and that click is logged
    assert "erin@example.org" not in page.content()
    page.get_by_role("link", name=re.compile("coordonnées|contact details")).click()
    expect(page.locator("input[name=email]")).to_have_value("erin@example.org")
    event = AuditEvent.objects.get()
    assert (event.user.username, event.action) == ("ada", AuditAction.VIEW_PERSONAL_DATA)
    # correcting a phone number is logged too, with the fields changed
    page.locator("input[name=phone]").fill("+32 2 000 00 00")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    change = AuditEvent.objects.get(action=AuditAction.CHANGE_PERSONAL_DATA)
    assert change.reason == "phone"
