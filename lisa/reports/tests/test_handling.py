"""Handling a report in the back office: assignment, messages, questions to the resident."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lisa.errors import LisaError
from lisa.reports.actions import (
    info_request_answer,
    info_request_create,
    info_request_for_token,
    message_send,
    report_assign,
    report_create,
)
from lisa.reports.models import Category, Channel
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE
from lisa.testing.smtp import body_of

pytestmark = pytest.mark.django_db


def dumping(reporter=None):
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas abandonné devant le numéro 27.",
        channel=Channel.WEB,
        reporter=reporter,
        notify=False,
    ).report


@pytest.fixture
def cleaner(db):
    user = UserFactory.create(username="yasmina", first_name="Yasmina", language="nl")
    grant(user, "anderlecht-cleanliness", "partner_agent")
    return user


def test_it_tells_the_assignee_by_e_mail_in_their_language(
    smtp_server, alice, cleaner, django_capture_on_commit_callbacks
):
    report = dumping()

    with django_capture_on_commit_callbacks(execute=True):
        report_assign(report=report, by=alice, to_user=cleaner)

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "yasmina@example.org"
    assert report.reference in message["Subject"]
    assert "toegewezen" in message["Subject"]  # Dutch: "is aan u toegewezen"
    assert f"/staff/reports/{report.reference}/" in body_of(message)


def test_work_brought_in_from_elsewhere_e_mails_nobody(
    alice, cleaner, erin, django_capture_on_commit_callbacks
):
    report = dumping(reporter=erin)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_assign(report=report, by=alice, to_user=cleaner, notify=False)
        message_send(report=report, body="Onze ploeg komt morgen langs.", by=alice, notify=False)
        asked = info_request_create(
            report=report, question="Sur quel trottoir ?", by=alice, notify=False
        )

    assert callbacks == []
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.assigned_to == cleaner
    assert report.messages.get().body == "Onze ploeg komt morgen langs."
    assert asked.request.question == "Sur quel trottoir ?"


def test_it_refuses_an_assignee_from_another_organisation(alice, carol):
    report = dumping()

    with pytest.raises(LisaError) as refused:
        report_assign(report=report, by=alice, to_user=carol)

    assert refused.value.code == "assignee_not_in_organisation"


def test_a_public_message_reaches_the_resident_in_their_language(
    smtp_server, alice, erin, django_capture_on_commit_callbacks
):
    report = dumping(reporter=erin)

    with django_capture_on_commit_callbacks(execute=True):
        message_send(report=report, body="Onze ploeg komt morgen langs.", by=alice)

    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "erin@example.org"
    assert "Onze ploeg komt morgen langs." in body_of(mail)


def test_the_resident_answers_a_question_once_through_the_link(
    smtp_server, alice, erin, django_capture_on_commit_callbacks
):
    report = dumping(reporter=erin)

    with django_capture_on_commit_callbacks(execute=True):
        asked = info_request_create(report=report, question="Sur quel trottoir ?", by=alice)
    [mail] = smtp_server.wait_for(1)
    assert f"/nl/answer/{asked.token}/" in body_of(mail)  # in the resident's language

    request = info_request_for_token(asked.token)
    info_request_answer(request=request, answer="Côté pair, devant le 27.")
    request.refresh_from_db()
    assert request.answer == "Côté pair, devant le 27."
    with pytest.raises(LisaError) as again:
        info_request_answer(request=request, answer="Encore")
    assert again.value.code == "already_answered"


def test_an_expired_link_is_refused(alice, erin):
    report = dumping(reporter=erin)
    asked = info_request_create(
        report=report,
        question="Sur quel trottoir ?",
        by=alice,
        now=timezone.now() - dt.timedelta(days=6),
    )

    with pytest.raises(LisaError) as refused:
        info_request_answer(request=asked.request, answer="Trop tard")

    assert refused.value.code == "info_request_expired"


def test_a_report_without_an_e_mail_cannot_be_asked(alice):
    with pytest.raises(LisaError) as refused:
        info_request_create(report=dumping(), question="?", by=alice)

    assert refused.value.code == "no_email_to_ask"


def test_the_answer_page_takes_the_answer_and_keeps_it_when_empty(client, alice, erin):
    report = dumping(reporter=erin)
    asked = info_request_create(report=report, question="Sur quel trottoir ?", by=alice)
    url = f"/nl/answer/{asked.token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Sur quel trottoir ?" in page.content.decode()

    empty = client.post(url, {"answer": "  "})
    assert empty.status_code == 400
    assert 'role="alert"' in empty.content.decode()

    answered = client.post(url, {"answer": "Côté pair."})
    assert answered.status_code == 200
    asked.request.refresh_from_db()
    assert asked.request.answer == "Côté pair."


def test_a_guessed_answer_link_is_not_found(client):
    assert client.get("/fr/answer/not-a-real-token/").status_code == 404


def test_a_public_message_with_a_status_reaches_the_residents(
    smtp_server, alice, erin, django_capture_on_commit_callbacks
):
    from lisa.reports.actions import report_transition

    report = dumping(reporter=erin)

    with django_capture_on_commit_callbacks(execute=True):
        report_transition(
            report=report,
            to_status="acknowledged",
            by=alice,
            public_message="Nous passons demain.",
        )
        report_transition(report=report, to_status="in_progress", by=alice)

    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "erin@example.org"
    assert "Nous passons demain." in body_of(mail)
    assert report.reference in mail["Subject"]


def test_the_residents_of_a_duplicate_follow_the_master_and_are_told(
    smtp_server, alice, erin, django_capture_on_commit_callbacks
):
    from lisa.reports.actions import ReporterDetails, report_transition
    from lisa.reports.models import Activity, Reporter

    master = dumping(reporter=ReporterDetails(name="Ann", email="ann@example.org", language="fr"))
    repeat = dumping(reporter=erin)

    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=repeat, to_status="duplicate", by=alice, duplicate_of=master)

    supporters = Reporter.objects.filter(report=master, role="supporter")
    assert [s.email for s in supporters] == ["erin@example.org"]
    assert Activity.objects.filter(report=master, kind="supporters_merged").exists()
    [told] = smtp_server.wait_for(1)
    assert told["To"] == "erin@example.org"
    assert master.reference in body_of(told)

    # News of the master now reaches both residents.
    with django_capture_on_commit_callbacks(execute=True):
        message_send(report=master, body="Enlevé ce matin.", by=alice)
    assert {m["To"] for m in smtp_server.wait_for(3)[1:]} == {"ann@example.org", "erin@example.org"}


def test_a_template_message_reaches_each_resident_in_their_language(
    smtp_server, alice, erin, django_capture_on_commit_callbacks
):
    from lisa.reports.actions import ReporterDetails, render_template, report_transition
    from lisa.reports.models import ResponseTemplate

    master = dumping(reporter=ReporterDetails(name="Ann", email="ann@example.org", language="fr"))
    repeat = dumping(reporter=erin)
    report_transition(report=repeat, to_status="duplicate", by=alice, duplicate_of=master)
    template = ResponseTemplate.objects.get(code="dumping-removed")

    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            report=master,
            body=render_template(template=template, report=master, language="fr"),
            by=alice,
            template=template,
        )

    mails = {m["To"]: body_of(m) for m in smtp_server.wait_for(2)}
    assert "Le dépôt clandestin signalé" in mails["ann@example.org"]
    assert "Het gemelde sluikstort" in mails["erin@example.org"]
