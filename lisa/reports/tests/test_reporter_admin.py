"""A resident's contact details in the admin: a stated reason first, then a logged view."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel, Reporter
from lisa.testing.factories import UserFactory
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(erin) -> Reporter:
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint devant le 12.",
        channel=Channel.EMAIL,
        reporter=erin,
    ).report
    return report.reporters.get()


@pytest.fixture
def url(reporter) -> str:
    return reverse("admin:reports_reporter_change", args=[reporter.pk])


def details(reporter: Reporter, **changes) -> dict[str, str]:
    """The contact details form as the admin posts it back."""
    fields = {
        "role": reporter.role,
        "name": reporter.name,
        "email": reporter.email,
        "phone": reporter.phone,
        "language": reporter.language,
        "consents_to_contact": "on" if reporter.consents_to_contact else "",
    }
    return {name: value for name, value in (fields | changes).items() if value}


def test_it_asks_why_before_showing_contact_details(admin_client, url, reporter):
    page = admin_client.get(url)

    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert reporter.email not in page.content.decode()
    assert reporter.phone not in page.content.decode()
    assert not AuditEvent.objects.exists()


def test_it_logs_the_reason_stated_then_shows_the_details_once(admin_client, admin_user, url):
    stated = admin_client.post(url, {"_state_reason": "1", "reason": "Rappeler la résidente"})
    assert stated.status_code == 302
    assert not AuditEvent.objects.exists()

    page = admin_client.get(url)

    assert "erin@example.org" in page.content.decode()
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.reason) == (
        admin_user,
        AuditAction.VIEW_PERSONAL_DATA,
        "Rappeler la résidente",
    )
    # Coming back later is another view: it needs a reason again.
    again = admin_client.get(url)
    assert "erin@example.org" not in again.content.decode()
    assert AuditEvent.objects.count() == 1


def test_it_refuses_an_empty_reason(admin_client, url):
    page = admin_client.post(url, {"_state_reason": "1", "reason": "   "})

    assert page.status_code == 200
    assert "erin@example.org" not in page.content.decode()
    assert 'class="errorlist' in page.content.decode()
    assert not AuditEvent.objects.exists()


def test_a_staff_member_without_the_permission_gets_403_and_no_event(client, url):
    client.force_login(UserFactory.create(username="intern", is_staff=True))

    assert client.get(url).status_code == 403
    assert client.post(url, {"_state_reason": "1", "reason": "curious"}).status_code == 403
    assert not AuditEvent.objects.exists()


def test_a_staff_member_who_may_only_view_sees_the_details_after_a_reason(client, url, reporter):
    viewer = UserFactory.create(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_reporter"))
    client.force_login(viewer)

    client.post(url, {"_state_reason": "1", "reason": "Vérifier la langue"})
    page = client.get(url)

    assert "erin@example.org" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert AuditEvent.objects.get().user == viewer


def test_a_correction_is_logged_with_the_reason_and_the_fields_changed(admin_client, url, reporter):
    admin_client.post(url, {"_state_reason": "1", "reason": "Numéro donné au guichet"})
    page = admin_client.get(url)
    assert 'name="_audit_reason" value="Numéro donné au guichet"' in page.content.decode()

    saved = admin_client.post(
        url,
        details(reporter, phone="+32 2 000 00 00", _audit_reason="Numéro donné au guichet"),
    )

    assert saved.status_code == 302
    reporter.refresh_from_db()
    assert reporter.phone == "+32 2 000 00 00"
    change = AuditEvent.objects.get(action=AuditAction.CHANGE_PERSONAL_DATA)
    assert (change.reason, change.changed_fields) == ("Numéro donné au guichet", "phone")


def test_a_correction_without_a_reason_is_not_saved(admin_client, url, reporter):
    page = admin_client.post(url, details(reporter, phone="+32 2 000 00 00"))

    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    reporter.refresh_from_db()
    assert reporter.phone == "+32 470 00 00 01"
    assert not AuditEvent.objects.exists()


def test_save_and_continue_shows_the_details_again_as_a_logged_view(admin_client, url, reporter):
    reason = "Adresse e-mail corrigée"
    admin_client.post(url, {"_state_reason": "1", "reason": reason})
    admin_client.get(url)

    admin_client.post(
        url, details(reporter, email="erin@example.be", _audit_reason=reason, _continue="1")
    )
    page = admin_client.get(url)

    assert "erin@example.be" in page.content.decode()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "reason"))
    assert actions == [
        (AuditAction.VIEW_PERSONAL_DATA, reason),
        (AuditAction.CHANGE_PERSONAL_DATA, reason),
        (AuditAction.VIEW_PERSONAL_DATA, reason),
    ]
