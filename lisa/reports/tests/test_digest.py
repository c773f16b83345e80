"""The daily e-mail of an organisation: its new and overdue reports."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel, Report
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE
from lisa.testing.smtp import body_of

pytestmark = pytest.mark.django_db


def dumping(*, days_ago: int = 0):
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas abandonné devant le numéro 27.",
        channel=Channel.WEB,
        now=timezone.now() - dt.timedelta(days=days_ago),
        notify=False,
    ).report


def test_each_member_gets_the_new_and_overdue_reports_of_their_organisation(smtp_server):
    agent = UserFactory.create(username="yasmina", first_name="Yasmina", language="nl")
    grant(agent, "anderlecht-cleanliness", "partner_agent")
    outsider = UserFactory.create(username="olivier")
    grant(outsider, "bruxelles-proprete", "partner_agent")
    fresh = dumping()
    late = dumping(days_ago=40)
    Report.objects.filter(pk=late.pk).update(status="acknowledged")

    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "yasmina@example.org"
    body = body_of(mail)
    assert fresh.reference in body
    assert late.reference in body
    assert "?in=organisation-" in body


def test_no_mail_when_there_is_nothing_to_say(smtp_server):
    agent = UserFactory.create(username="yasmina")
    grant(agent, "anderlecht-cleanliness", "partner_agent")

    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert smtp_server.wait_for(1, timeout=0.5) == []


def test_the_digest_reads_naturally_in_the_persons_language(smtp_server):
    agent = UserFactory.create(username="yasmina", first_name="Yasmina", language="nl")
    grant(agent, "anderlecht-cleanliness", "partner_agent")
    dumping()

    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    [mail] = smtp_server.wait_for(1)
    assert str(mail["Subject"]).strip().startswith("LISA: 1 nieuwe melding en 0 te laat voor ")
    body = body_of(mail)
    assert body.startswith("Goedendag Yasmina,")
    assert "vandaag: 1 nieuwe melding, 0 te laat." in body
    assert "Nieuwe meldingen:" in body
    assert "report(s)" not in body
