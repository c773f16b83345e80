import re

import pytest
from playwright.sync_api import Page, expect

from lisa.accounts.models import User
from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import ReporterDetails, report_create, report_transition
from lisa.reports.models import Category, Channel, Status
from lisa.testing.personas import VAILLANCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # The admin speaks the browser's language: these pages are read in French.
    return {**browser_context_args, "locale": "fr-BE"}


def test_an_administrator_reads_a_report_then_states_why_before_seeing_contact_details(
    live_server, page: Page
):
    ada = User.objects.create_superuser("ada", "ada@example.org", "a long demo passphrase")
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Le lampadaire devant le 27 ne s'allume plus.",
        channel=Channel.DESK,
        attributes={"road": "regional"},
        reporter=ReporterDetails(name="Erin Resident", email="erin@example.org"),
    ).report
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=ada)
    report_transition(report=report, to_status=Status.IN_PROGRESS, by=ada)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Nom d’utilisateur").fill("ada")
    page.get_by_label("Mot de passe").fill("a long demo passphrase")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("link", name=re.compile("^Signalements$")).last.click()
    page.get_by_role("link", name=report.reference).click()

    # A page to read, in words: no codes, no JSON, no Save button.
    expect(page.get_by_text("Le lampadaire devant le 27 ne s'allume plus.")).to_be_visible()
    expect(page.get_by_text("Bruxelles Mobilité").first).to_be_visible()
    expect(
        page.get_by_text("Sur quelle voirie ? Un grand axe, un tunnel ou une avenue régionale")
    ).to_be_visible()
    expect(page.get_by_text("50.835767, 4.306556")).to_be_visible()
    expect(page.get_by_text("en cours").first).to_be_visible()
    body = page.locator("#content").inner_text()
    assert "in_progress" not in body
    assert '{"road"' not in body
    expect(page.locator("input[name=_save]")).to_have_count(0)
    expect(page.get_by_role("link", name="Supprimer")).to_have_count(0)

    # The contact details are one click away, behind a stated reason that is logged.
    assert "erin@example.org" not in page.content()
    page.get_by_role("link", name="coordonnées").click()
    assert "erin@example.org" not in page.content()
    assert not AuditEvent.objects.exists()
    page.get_by_label("Pourquoi avez-vous besoin de ces coordonnées ?").fill(
        "Prévenir la résidente du passage de Bruxelles Mobilité"
    )
    page.get_by_role("button", name="Afficher les coordonnées").click()
    expect(page.locator("input[name=email]")).to_have_value("erin@example.org")
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.reason) == (
        ada,
        AuditAction.VIEW_PERSONAL_DATA,
        "Prévenir la résidente du passage de Bruxelles Mobilité",
    )

    # Correcting a phone number is logged too, with the same reason and the fields changed.
    page.locator("input[name=phone]").fill("+32 2 000 00 00")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    change = AuditEvent.objects.get(action=AuditAction.CHANGE_PERSONAL_DATA)
    assert (change.reason, change.changed_fields) == (
        "Prévenir la résidente du passage de Bruxelles Mobilité",
        "phone",
    )

    # The audit log names what was opened in words.
    page.goto(f"{live_server.url}/admin/audit/auditevent/")
    expect(page.get_by_text("auteur du signalement").first).to_be_visible()
    assert "reports.reporter" not in page.locator("#result_list").inner_text()


def test_a_second_browser_test_starts_from_a_flushed_database_with_the_guards_back(
    live_server, page: Page
):
    # The previous test's flush emptied the guarded tables; the guards are in place again.
    from django.db import IntegrityError, connection

    from lisa.reports.models import Report

    assert not Report.objects.exists()
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint.",
        channel=Channel.PHONE,
    ).report
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_statuschange")
    assert report.history.count() == 1
    page.goto(f"{live_server.url}/healthz")
    expect(page.locator("body")).to_contain_text("ok")
