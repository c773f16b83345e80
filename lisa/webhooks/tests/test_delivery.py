"""Organisations' systems hear of their reports, signed, once, and nothing they may not see."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django_tasks.backends.dummy import DummyBackend

from lisa.accounts.models import Organisation
from lisa.append_only import AppendOnlyError
from lisa.errors import LisaError
from lisa.lib.outgoing import MAX_ATTEMPTS
from lisa.reports.actions import message_send, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Status
from lisa.reports.outbound import Announcement, Event
from lisa.testing.personas import VAILLANCE
from lisa.webhooks.actions import deliveries_queue, deliveries_send_due, webhook_create
from lisa.webhooks.models import Attempt, Delivery, DeliveryState
from lisa.webhooks.payload import report_for_organisation
from lisa.webhooks.tasks import deliver
from lisa.webhooks.tests.receiver import Receiver

pytestmark = pytest.mark.django_db

ALL_EVENTS = [event.value for event in Event]


@pytest.fixture
def receivers():
    started: list[Receiver] = []

    def start(organisation_code: str, *, answers: list[int] | None = None) -> Receiver:
        receiver = Receiver(answers=list(answers or []))
        receiver.start()
        webhook, secret = webhook_create(
            organisation=Organisation.objects.get(code=organisation_code),
            url=receiver.url,
            events=ALL_EVENTS,
            by=None,
        )
        receiver.secret = secret
        receiver.webhook = webhook
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


def create_report(reporter=None) -> Report:
    # Lighting at the Place de la Vaillance goes to Sibelga.
    return report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint devant le 12.",
        channel=Channel.PHONE,
        reporter=reporter,
    ).report


def test_it_delivers_each_event_signed_to_the_organisation_handling_the_report(
    receivers, bob, erin, django_capture_on_commit_callbacks
):
    sibelga = receivers("sibelga")
    mobility = receivers("brussels-mobility")
    housing = receivers("foyer-anderlechtois")

    with django_capture_on_commit_callbacks(execute=True):
        report = create_report(reporter=erin)
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)
    with django_capture_on_commit_callbacks(execute=True):
        message_send(report=report, body="Une équipe passe demain.", by=bob)
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=bob,
            to_organisation=Organisation.objects.get(code="brussels-mobility"),
            reason="Voirie régionale",
        )

    assert sibelga.events() == [
        "report.created",
        "report.routed",
        "report.status_changed",
        "report.public_message",
        "report.status_changed",
    ]
    assert mobility.events() == ["report.status_changed", "report.routed"]
    assert housing.received == []
    for item in sibelga.received + mobility.received:
        assert item.signed
        assert item.json["event"] == item.headers["X-LISA-Event"]
        assert item.json["id"] == item.headers["X-LISA-Delivery"]
        assert item.json["report"]["reference"] == report.reference
    created, _routed, acknowledged, message, transferred = (i.json for i in sibelga.received)
    assert created["report"]["category"]["code"] == "lighting-out"
    assert created["report"]["organisation"]["code"] == "sibelga"
    assert created["report"]["url"].endswith(f"/staff/reports/{report.reference}/")
    assert dt.datetime.fromisoformat(created["created_at"]).tzinfo is not None
    assert (acknowledged["change"]["from_status"], acknowledged["change"]["to_status"]) == (
        Status.NEW,
        Status.ACKNOWLEDGED,
    )
    assert message["message"]["body"] == "Une équipe passe demain."
    assert transferred["change"]["to_status"] == Status.TRANSFERRED
    new_there, routed_there = (i.json for i in mobility.received)
    assert new_there["change"]["to_status"] == Status.NEW
    assert routed_there["report"]["organisation"]["code"] == "brussels-mobility"
    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 7


def test_no_body_carries_the_residents_personal_data(
    receivers, bob, erin, django_capture_on_commit_callbacks
):
    sibelga = receivers("sibelga")

    with django_capture_on_commit_callbacks(execute=True):
        report = create_report(reporter=erin)
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)

    assert len(sibelga.received) == 3
    for item in sibelga.received:
        text = item.body.decode()
        for personal in (erin.name, erin.email, erin.phone, "Erin"):
            assert personal not in text
        assert not {"reporter", "reporters", "name", "email", "phone"} & set(item.json["report"])
    stored = "".join(Delivery.objects.values_list("body", flat=True))
    assert erin.email not in stored


def test_an_organisation_hears_nothing_of_a_report_it_may_not_see(
    receivers, django_capture_on_commit_callbacks
):
    housing = receivers("foyer-anderlechtois")
    with django_capture_on_commit_callbacks(execute=True):
        report = create_report()
    housing_id = Organisation.objects.get(code="foyer-anderlechtois").pk

    # Even told that the report went to it, LISA asks the selectors first.
    queued = deliveries_queue(
        announcement=Announcement(Event.ROUTED, report.pk, organisation_id=housing_id)
    )

    assert report_for_organisation(housing_id, report.pk) is None
    assert queued == []
    assert housing.received == []
    assert not Delivery.objects.filter(webhook=housing.webhook).exists()


def test_a_failed_delivery_is_logged_and_sent_again_after_the_back_off(
    receivers, django_capture_on_commit_callbacks
):
    sibelga = receivers("sibelga", answers=[500])
    sibelga.webhook.events = ["report.created"]
    sibelga.webhook.save()

    with django_capture_on_commit_callbacks(execute=True):
        create_report()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
    first = Attempt.objects.get()
    assert (first.status, first.response) == (500, "answer 500")
    assert delivery.next_attempt_at == first.at + dt.timedelta(minutes=1)

    # Not yet due: nothing is sent.
    assert deliveries_send_due(now=first.at + dt.timedelta(seconds=30)) == 0
    assert len(sibelga.received) == 1

    later = (first.at + dt.timedelta(minutes=2)).isoformat()
    call_command("webhooks_due", f"--now={later}", stdout=open("/dev/null", "w"))  # noqa: SIM115

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)
    assert [a.status for a in Attempt.objects.order_by("id")] == [500, 200]
    assert len(sibelga.received) == 2
    assert sibelga.received[0].body == sibelga.received[1].body
    assert all(item.signed for item in sibelga.received)
    # Delivered: the next run sends nothing.
    assert deliveries_send_due(now=first.at + dt.timedelta(hours=1)) == 0


def test_nothing_is_lost_while_the_receiver_is_down(receivers, django_capture_on_commit_callbacks):
    sibelga = receivers("sibelga")
    port = sibelga.port
    sibelga.stop()

    with django_capture_on_commit_callbacks(execute=True):
        create_report()

    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == 2
    assert all(a.status is None and a.error for a in Attempt.objects.all())
    down_since = Attempt.objects.earliest("at").at

    sibelga.port = port
    sibelga.start()
    deliveries_send_due(now=down_since + dt.timedelta(minutes=5))

    assert sibelga.events() == ["report.created", "report.routed"]
    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 2


def test_a_webhook_switched_off_keeps_its_deliveries_until_it_is_on_again(
    receivers, django_capture_on_commit_callbacks
):
    sibelga = receivers("sibelga")
    port = sibelga.port
    sibelga.stop()
    with django_capture_on_commit_callbacks(execute=True):
        create_report()
    later = Attempt.objects.earliest("at").at + dt.timedelta(minutes=5)
    sibelga.port = port
    sibelga.start()
    sibelga.webhook.is_active = False
    sibelga.webhook.save()

    assert deliveries_send_due(now=later) == 0
    assert sibelga.received == []

    sibelga.webhook.is_active = True
    sibelga.webhook.save()
    assert deliveries_send_due(now=later) == 2
    assert sibelga.events() == ["report.created", "report.routed"]


def test_it_gives_up_after_the_last_attempt(receivers, django_capture_on_commit_callbacks):
    sibelga = receivers("sibelga", answers=[503] * MAX_ATTEMPTS)
    sibelga.webhook.events = ["report.created"]
    sibelga.webhook.save()
    with django_capture_on_commit_callbacks(execute=True):
        create_report()
    delivery = Delivery.objects.get()

    while delivery.state == DeliveryState.PENDING:
        deliveries_send_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert (delivery.state, delivery.attempts) == (DeliveryState.GIVEN_UP, MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None


def test_an_inactive_webhook_or_one_not_listening_receives_nothing(
    receivers, django_capture_on_commit_callbacks
):
    off = receivers("sibelga")
    off.webhook.is_active = False
    off.webhook.save()
    other_event = receivers("sibelga")
    other_event.webhook.events = ["report.public_message"]
    other_event.webhook.save()

    with django_capture_on_commit_callbacks(execute=True):
        create_report()

    assert off.received == other_event.received == []


def test_it_refuses_an_address_that_is_not_http_and_unknown_events():
    sibelga = Organisation.objects.get(code="sibelga")
    for url in ("ftp://example.org/in", "file:///etc/passwd", "javascript:alert(1)", "example"):
        with pytest.raises(LisaError) as caught:
            webhook_create(organisation=sibelga, url=url, events=ALL_EVENTS, by=None)
        assert caught.value.code == "invalid_webhook_url"
    with pytest.raises(LisaError) as caught:
        webhook_create(
            organisation=sibelga, url="https://example.org/in", events=["report.deleted"], by=None
        )
    assert caught.value.code == "invalid_webhook_events"


def test_the_attempt_log_is_kept(receivers, django_capture_on_commit_callbacks):
    receivers("sibelga")
    with django_capture_on_commit_callbacks(execute=True):
        create_report()
    attempt = Attempt.objects.first()
    delivery = attempt.delivery

    with pytest.raises(AppendOnlyError):
        Attempt.objects.update(error="rewritten")
    with pytest.raises(AppendOnlyError):
        delivery.delete()
    for write in (
        lambda: Attempt._base_manager.filter(pk=attempt.pk)._raw_delete(Attempt.objects.db),
        lambda: Delivery._base_manager.filter(pk=delivery.pk)._raw_delete(Delivery.objects.db),
    ):
        with pytest.raises(IntegrityError, match="LISA keeps the record"), transaction.atomic():
            write()
    assert json.loads(delivery.body)["event"] == "report.created"


def test_a_worker_that_can_wait_is_asked_to_come_back_after_the_back_off(
    receivers, settings, django_capture_on_commit_callbacks
):
    sibelga = receivers("sibelga", answers=[500])
    sibelga.webhook.events = ["report.created"]
    sibelga.webhook.save()
    # A backend that keeps what is queued (and can defer it) instead of running it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = deliver.get_backend()
    assert isinstance(backend, DummyBackend)
    with django_capture_on_commit_callbacks(execute=True):
        create_report()
    [queued] = backend.results
    assert sibelga.received == []

    deliver.call(**queued.kwargs)

    delivery = Delivery.objects.get()
    assert (delivery.attempts, len(sibelga.received)) == (1, 1)
    retry = backend.results[-1]
    assert retry.kwargs == {"delivery_id": delivery.pk}
    assert retry.task.run_after == delivery.next_attempt_at
