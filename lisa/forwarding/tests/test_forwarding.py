"""Forwarding a report to an organisation's own Open311 system, and reading its status back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from lisa.append_only import AppendOnlyError
from lisa.errors import LisaError
from lisa.forwarding.actions import (
    forwarding_retry,
    forwarding_send,
    forwardings_send_due,
    statuses_read,
)
from lisa.forwarding.models import (
    Attempt,
    ExternalSystem,
    Forwarding,
    ForwardingState,
    GiveUpReason,
    StatusSource,
)
from lisa.lib.outgoing import MAX_ATTEMPTS
from lisa.reports.actions import ReporterDetails, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Status, StatusChange
from lisa.testing.personas import VAILLANCE, organisation

pytestmark = pytest.mark.django_db

ACCEPTED = (201, [{"service_request_id": "ANd-77", "service_notice": ""}])


def bulky_waste(django_capture_on_commit_callbacks, *, reporter=None, code="dumping-bulky"):
    """File bulky waste at the Place de la Vaillance, announcing it as a form would."""
    with django_capture_on_commit_callbacks(execute=True):
        return report_create(
            category=Category.objects.get(code=code),
            lat=VAILLANCE[0],
            lon=VAILLANCE[1],
            address="Place de la Vaillance 12, 1070 Anderlecht",
            description="Un matelas sur le trottoir.",
            attributes={"road": "municipal"},
            channel=Channel.WEB,
            reporter=reporter,
        ).report


def test_it_posts_a_report_routed_to_an_organisation_with_a_system(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    open311_server.answers.append(ACCEPTED)
    report = bulky_waste(django_capture_on_commit_callbacks)

    assert report.organisation == cleanliness_system.organisation
    forwarding = Forwarding.objects.get(report=report)
    assert forwarding.state == ForwardingState.SENT
    assert forwarding.external_id == "ANd-77"
    [post] = open311_server.calls
    assert post.path == "/open311/v2/requests.json"
    assert post.form == {
        "api_key": "their-key",
        "jurisdiction_id": "anderlecht.be",
        # dumping-bulky has no code of its own: its parent's is used.
        "service_code": "ENCOMBRANTS",
        "lat": f"{VAILLANCE[0]:.6f}",
        "long": f"{VAILLANCE[1]:.6f}",
        "address_string": "Place de la Vaillance 12, 1070 Anderlecht",
        "description": "Un matelas sur le trottoir.",
        "attribute[road]": "municipal",
    }
    [attempt] = forwarding.attempts.all()
    assert attempt.http_status == 201
    assert "ANd-77" in attempt.answer
    # The organisation's system took it: the report is acknowledged, said by that system.
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
    change = StatusChange.objects.filter(report=report).latest("id")
    assert change.by is None
    assert "Anderlecht Propreté" in change.reason


def test_it_names_the_resident_only_if_they_agreed_to_be_contacted(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks, erin
):
    open311_server.answers.extend([ACCEPTED, ACCEPTED])
    bulky_waste(django_capture_on_commit_callbacks, reporter=erin)
    shy = ReporterDetails(name="Sam Shy", email="sam@example.org", consents_to_contact=False)
    bulky_waste(django_capture_on_commit_callbacks, reporter=shy)

    agreed, did_not = (call.form for call in open311_server.calls)
    assert agreed["email"] == "erin@example.org"
    assert agreed["phone"] == "+32 470 00 00 01"
    assert (agreed["first_name"], agreed["last_name"]) == ("Erin", "Resident")
    assert not {"email", "phone", "first_name", "last_name"} & set(did_not)


def test_a_category_without_a_service_code_is_not_sent_and_says_why(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    cleanliness_system.service_codes = {"graffiti": "TAGS"}
    cleanliness_system.save()
    report = bulky_waste(django_capture_on_commit_callbacks)

    forwarding = Forwarding.objects.get(report=report)
    assert forwarding.state == ForwardingState.NOT_SENT
    assert forwarding.next_attempt_at is None
    assert open311_server.calls == []


def test_an_inactive_system_or_another_organisation_gets_nothing(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    cleanliness_system.is_active = False
    cleanliness_system.save()
    bulky_waste(django_capture_on_commit_callbacks)
    assert not Forwarding.objects.exists()


def test_a_failure_is_logged_and_tried_again_later_with_a_growing_wait(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    report = bulky_waste(django_capture_on_commit_callbacks)  # the server answers 503
    forwarding = Forwarding.objects.get(report=report)
    first = forwarding.attempts.get()
    assert forwarding.state == ForwardingState.WAITING
    assert forwarding.failures == 1
    assert first.http_status == 503
    assert forwarding.next_attempt_at == first.at + dt.timedelta(minutes=1)

    # Not due yet: nothing is sent.
    assert forwardings_send_due(now=first.at + dt.timedelta(seconds=30)) == 0
    assert forwardings_send_due(now=first.at + dt.timedelta(minutes=1)) == 1
    forwarding.refresh_from_db()
    assert forwarding.failures == 2
    assert forwarding.next_attempt_at == first.at + dt.timedelta(minutes=3)

    open311_server.answers.append(ACCEPTED)
    assert forwardings_send_due(now=first.at + dt.timedelta(minutes=3)) == 1
    forwarding.refresh_from_db()
    assert (forwarding.state, forwarding.external_id) == (ForwardingState.SENT, "ANd-77")
    assert forwarding.next_attempt_at is None
    assert [a.http_status for a in forwarding.attempts.all()] == [503, 503, 201]


def test_it_gives_up_after_the_last_attempt(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    report = bulky_waste(django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get(report=report)
    while forwarding.next_attempt_at is not None:
        forwarding = forwarding_send(forwarding=forwarding, now=forwarding.next_attempt_at)
    assert forwarding.state == ForwardingState.GIVEN_UP
    assert forwarding.given_up_because == GiveUpReason.NO_ANSWER
    assert forwarding.attempts.count() == MAX_ATTEMPTS


def test_a_refusal_is_not_tried_again_and_keeps_the_other_systems_words(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    open311_server.answers.append((400, [{"code": 400, "description": "Unknown service"}]))
    report = bulky_waste(django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get(report=report)
    assert forwarding.state == ForwardingState.GIVEN_UP
    assert forwarding.given_up_because == GiveUpReason.REFUSED
    assert forwarding.problem == "Unknown service"

    # Once the configuration is fixed, an administrator sends it again.
    open311_server.answers.append(ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        forwarding_retry(forwarding=forwarding)
    forwarding.refresh_from_db()
    assert forwarding.state == ForwardingState.SENT


def test_only_a_given_up_report_can_be_sent_again(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    open311_server.answers.append(ACCEPTED)
    report = bulky_waste(django_capture_on_commit_callbacks)
    with pytest.raises(LisaError) as refused:
        forwarding_retry(forwarding=Forwarding.objects.get(report=report))
    assert refused.value.code == "not_given_up"


def test_a_token_is_turned_into_the_number_when_the_other_system_knows_it(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    open311_server.answers.extend(
        [
            (200, [{"token": "tok-9"}]),
            (404, [{"code": 404, "description": "not yet"}]),
            (200, [{"token": "tok-9", "service_request_id": "ANd-78"}]),
        ]
    )
    report = bulky_waste(django_capture_on_commit_callbacks)
    forwarding = Forwarding.objects.get(report=report)
    assert (forwarding.state, forwarding.token) == (ForwardingState.ACCEPTED, "tok-9")

    forwarding = forwarding_send(forwarding=forwarding, now=forwarding.next_attempt_at)
    assert forwarding.state == ForwardingState.ACCEPTED
    forwarding = forwarding_send(forwarding=forwarding, now=forwarding.next_attempt_at)
    assert (forwarding.state, forwarding.external_id) == (ForwardingState.SENT, "ANd-78")
    assert [call.path for call in open311_server.calls[1:]] == ["/open311/v2/tokens/tok-9.json"] * 2
    assert open311_server.calls[1].query == {"jurisdiction_id": "anderlecht.be"}


def sent(open311_server, django_capture_on_commit_callbacks) -> Report:
    open311_server.answers.append(ACCEPTED)
    return bulky_waste(django_capture_on_commit_callbacks)


def test_a_closed_request_resolves_the_report_with_the_other_systems_notes(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    report = sent(open311_server, django_capture_on_commit_callbacks)
    open311_server.listed = [
        {"service_request_id": "ANd-77", "status": "open", "status_notes": ""},
    ]
    assert statuses_read(system=cleanliness_system) == 0
    open311_server.listed = [
        {"service_request_id": "ANd-77", "status": "closed", "status_notes": "Enlevé ce matin."},
    ]
    assert statuses_read(system=cleanliness_system) == 1
    # Read again: the same status changes nothing.
    assert statuses_read(system=cleanliness_system) == 0

    report.refresh_from_db()
    assert report.status == Status.RESOLVED
    change = StatusChange.objects.filter(report=report).latest("id")
    assert (change.from_status, change.to_status) == (Status.ACKNOWLEDGED, Status.RESOLVED)
    assert change.public_message == "Enlevé ce matin."
    assert change.by is None
    assert "ANd-77" in change.reason
    asked = open311_server.calls[-1]
    assert asked.path == "/open311/v2/requests.json"
    assert asked.query == {"service_request_id": "ANd-77", "jurisdiction_id": "anderlecht.be"}


def test_updates_move_the_report_along_in_their_order(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    cleanliness_system.status_source = StatusSource.UPDATES
    cleanliness_system.save()
    report = sent(open311_server, django_capture_on_commit_callbacks)
    open311_server.listed = [
        {
            "update_id": "2",
            "service_request_id": "ANd-77",
            "status": "FIXED",
            "updated_datetime": "2026-11-26T11:00:00+01:00",
            "description": "Ramassé.",
        },
        {
            "update_id": "1",
            "service_request_id": "ANd-77",
            "status": "in_progress",
            "updated_datetime": "2026-11-26T10:00:00+01:00",
            "description": "",
        },
    ]
    assert statuses_read(system=cleanliness_system) == 2

    history = list(StatusChange.objects.filter(report=report).order_by("id"))
    assert [c.to_status for c in history[-2:]] == [Status.IN_PROGRESS, Status.RESOLVED]
    assert history[-1].public_message == "Ramassé."
    asked = open311_server.calls[-1]
    assert asked.path == "/open311/v2/servicerequestupdates.json"
    assert asked.query["api_key"] == "their-key"
    cleanliness_system.refresh_from_db()
    assert cleanliness_system.updates_read_until is not None


def test_a_report_transferred_away_is_no_longer_changed_by_the_other_system(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks, bob
):
    report = sent(open311_server, django_capture_on_commit_callbacks)
    report_transition(
        report=report,
        to_status=Status.TRANSFERRED,
        by=None,
        reason="Pas chez nous",
        to_organisation=organisation("bruxelles-proprete"),
    )
    open311_server.listed = [{"service_request_id": "ANd-77", "status": "closed"}]
    assert statuses_read(system=cleanliness_system) == 0
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_a_system_that_cannot_be_read_changes_nothing(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    report = sent(open311_server, django_capture_on_commit_callbacks)
    cleanliness_system.endpoint = "http://127.0.0.1:9/open311/v2/"
    with pytest.raises(LisaError) as refused:
        statuses_read(system=cleanliness_system)
    assert refused.value.code == "external_unreachable"
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED


def test_the_attempts_are_kept_as_written(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks
):
    bulky_waste(django_capture_on_commit_callbacks)
    attempt = Attempt.objects.get()
    attempt.error = "rewritten"
    with pytest.raises(AppendOnlyError):
        attempt.save()
    with pytest.raises(AppendOnlyError):
        Attempt.objects.all().delete()


def test_the_configuration_is_checked(cleanliness_system):
    cleanliness_system.endpoint = "ftp://example.org/open311/"
    cleanliness_system.service_codes = {"dumping": "ENCOMBRANTS ET PLUS", "no-such": "X"}
    with pytest.raises(ValidationError) as refused:
        cleanliness_system.full_clean()
    assert set(refused.value.message_dict) == {"endpoint", "service_codes"}
    cleanliness_system.service_codes = {"no-such": "X"}
    with pytest.raises(ValidationError, match="no-such"):
        cleanliness_system.full_clean()


def test_the_commands_send_what_is_due_and_read_statuses(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks, capsys
):
    report = bulky_waste(django_capture_on_commit_callbacks)
    Forwarding.objects.filter(report=report).update(next_attempt_at=timezone.now())
    open311_server.answers.append(ACCEPTED)
    call_command("forward_due")
    assert "Calls made: 1." in capsys.readouterr().out
    open311_server.listed = [{"service_request_id": "ANd-77", "status": "closed"}]
    call_command("forward_poll")
    assert "Anderlecht Propreté: 1 change(s)." in capsys.readouterr().out
    report.refresh_from_db()
    assert report.status == Status.RESOLVED


def test_a_system_is_configured_once_per_organisation(cleanliness_system):
    with pytest.raises(Exception):  # noqa: B017, PT011 — the database's unique constraint
        ExternalSystem.objects.create(
            organisation=cleanliness_system.organisation, name="Twice", endpoint="http://x/"
        )


def test_the_report_page_shows_the_forwarding_to_its_staff_only(
    cleanliness_system, open311_server, django_capture_on_commit_callbacks, client, dave
):
    from lisa.accounts.models import Role
    from lisa.testing.factories import UserFactory, grant

    open311_server.answers.append((503, "down for maintenance"))
    report = bulky_waste(django_capture_on_commit_callbacks)
    agent = UserFactory.create(username="yasmina", language="fr")
    grant(agent, "anderlecht-cleanliness", Role.PARTNER_AGENT)
    page = f"/staff/reports/{report.reference}/"

    client.force_login(agent)
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Transmis à Anderlecht Propreté" in shown
    assert "En attente d’envoi" in shown
    assert "refusé (HTTP 503)" in shown
    assert "down for maintenance" in shown

    # The regional analyst sees the report, not the other system's answers.
    client.force_login(dave)
    assert client.get(page).status_code == 200
    assert "Anderlecht Propreté" not in client.get(page).content.decode()
