"""The Django admin gives administrators a private report's personal data only logged."""

import pytest
from django.urls import reverse

from lisa.accounts.models import User
from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


def a_report(code: str, address: str = "Rue Wayez 12"):
    return report_create(
        category=Category.objects.get(code=code),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Mon voisin du 12 crie toutes les nuits.",
        address=address,
        channel=Channel.WEB,
        notify=False,
    ).report


@pytest.fixture
def ada(client):
    user = User.objects.create_superuser("ada", "ada@example.org", None)
    client.force_login(user)
    return user


def test_opening_a_private_report_in_the_admin_is_logged(client, ada):
    report = a_report("neighbourhood-dispute")

    response = client.get(reverse("admin:reports_report_change", args=[report.pk]))

    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.user, event.action) == (ada, AuditAction.VIEW_PERSONAL_DATA)
    assert (event.object_type, event.object_id) == ("reports.report", str(report.pk))


def test_opening_a_public_report_in_the_admin_is_not_logged(client, ada):
    report = a_report("lighting-out")

    client.get(reverse("admin:reports_report_change", args=[report.pk]))

    assert not AuditEvent.objects.exists()


def test_the_admin_does_not_find_reports_by_address(client, ada):
    report = a_report("neighbourhood-dispute", address="Rue de la Démo 99")

    by_address = client.get(reverse("admin:reports_report_changelist"), {"q": "Démo 99"})
    by_reference = client.get(reverse("admin:reports_report_changelist"), {"q": report.reference})

    assert report.reference not in by_address.content.decode()
    assert report.reference in by_reference.content.decode()
