"""The webhooks in the admin: the secret shown once, the log read-only, a delivery resent."""

import re

import pytest
from django.urls import reverse

from lisa.accounts.models import Organisation
from lisa.webhooks.actions import webhook_create
from lisa.webhooks.models import Attempt, Delivery, DeliveryState, Webhook
from lisa.webhooks.tests.receiver import Receiver
from lisa.webhooks.tests.test_delivery import create_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


def test_it_shows_the_secret_once_when_the_webhook_is_added(admin_client, admin_user):
    sibelga = Organisation.objects.get(code="sibelga")

    added = admin_client.post(
        reverse("admin:webhooks_webhook_add"),
        {
            "organisation": sibelga.pk,
            "url": "https://sibelga.example.org/lisa",
            "events": ["report.created", "report.status_changed"],
            "is_active": "on",
        },
        follow=True,
        headers={"Accept-Language": "nl"},
    )

    webhook = Webhook.objects.get()
    assert webhook.created_by == admin_user
    assert webhook.events == ["report.created", "report.status_changed"]
    assert webhook.secret in added.content.decode()
    # In the reader's language, as every message of the admin.
    assert "Kopieer het nu naar het ontvangende systeem" in added.content.decode()
    page = admin_client.get(reverse("admin:webhooks_webhook_change", args=[webhook.pk]))
    assert webhook.secret not in page.content.decode()
    assert webhook.secret_hint in page.content.decode()


def test_it_refuses_an_address_that_is_not_http(admin_client):
    sibelga = Organisation.objects.get(code="sibelga")

    answer = admin_client.post(
        reverse("admin:webhooks_webhook_add"),
        {"organisation": sibelga.pk, "url": "ftp://sibelga.example.org/lisa", "events": []},
    )

    assert answer.status_code == 200
    assert not Webhook.objects.exists()


def test_the_log_cannot_be_deleted_and_a_delivery_can_be_sent_again(
    admin_client, receiver, django_capture_on_commit_callbacks
):
    webhook, receiver.secret = webhook_create(
        organisation=Organisation.objects.get(code="sibelga"),
        url=receiver.url,
        events=["report.created"],
        by=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = create_report()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED

    listing = admin_client.get(reverse("admin:webhooks_delivery_changelist"))
    assert report.reference in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    page = admin_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    assert "answer 200" in page.content.decode()
    assert (
        admin_client.get(reverse("admin:webhooks_delivery_delete", args=[delivery.pk])).status_code
        == 403
    )
    assert (
        admin_client.get(reverse("admin:webhooks_webhook_delete", args=[webhook.pk])).status_code
        == 403
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:webhooks_delivery_changelist"),
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )

    assert Attempt.objects.filter(delivery=delivery).count() == 2
    assert len(receiver.received) == 2
    assert all(item.signed for item in receiver.received)
    assert receiver.received[0].headers["X-LISA-Delivery"] == str(delivery.event_id)
    assert receiver.received[1].headers["X-LISA-Delivery"] == str(delivery.event_id)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Livraisons", "Renvoyer maintenant", "Signalement créé", "livré"]),
        ("nl", ["Leveringen", "Nu opnieuw verzenden", "Melding aangemaakt", "afgeleverd"]),
    ],
)
def test_the_deliveries_read_in_the_persons_language(
    admin_client, receiver, language, words, django_capture_on_commit_callbacks
):
    webhook_create(
        organisation=Organisation.objects.get(code="sibelga"),
        url=receiver.url,
        events=["report.created"],
        by=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        create_report()

    page = admin_client.get(
        reverse("admin:webhooks_delivery_changelist"), headers={"accept-language": language}
    )

    for word in words:
        assert word in page.content.decode()


def test_the_list_filters_by_the_organisations_that_have_a_webhook_only(admin_client, admin_user):
    with_webhooks = list(Organisation.objects.filter(code__in=["sibelga", "police-5341"]))
    for organisation in with_webhooks:
        webhook_create(
            organisation=organisation,
            url=f"https://{organisation.code}.example.org/lisa",
            events=["report.created"],
            by=admin_user,
        )

    page = admin_client.get(reverse("admin:webhooks_webhook_changelist")).content.decode()

    offered = set(re.findall(r"organisation__id__exact=(\d+)", page))
    assert offered == {str(o.pk) for o in with_webhooks}
