"""What the public and a resident with a follow link see of reports."""

import pytest

from lisa.errors import NotFound
from lisa.reports.actions import (
    ReporterDetails,
    info_request_answer,
    info_request_create,
    message_send,
    note_add,
    report_create,
    report_transition,
)
from lisa.reports.models import Category, Channel
from lisa.reports.public import public_reports, public_timeline, report_for_follower
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


def make(code: str, *, email: str = "an@example.org"):
    return report_create(
        category=Category.objects.get(code=code),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Texte du signalement.",
        channel=Channel.WEB,
        reporter=ReporterDetails(name="An", email=email),
        notify=False,
    )


def test_the_public_never_sees_private_categories_duplicates_or_rejected_reports(alice):
    shown = make("dumping-bulky").report
    dispute = make("neighbourhood-dispute").report
    repeat = make("dumping-bulky").report
    report_transition(report=repeat, to_status="duplicate", by=alice, duplicate_of=shown)
    refused = make("dumping-bulky").report
    report_transition(report=refused, to_status="rejected", by=alice, reason="Terrain privé")

    assert list(public_reports()) == [shown]
    assert dispute not in public_reports()


def test_a_follow_link_opens_its_report_and_nothing_else():
    created = make("dumping-bulky")

    assert report_for_follower(created.follow_token) == created.report
    with pytest.raises(NotFound):
        report_for_follower("not-a-token")
    with pytest.raises(NotFound):
        report_for_follower("")


def test_the_public_history_has_no_note_no_reason_and_no_staff_name(alice, bob):
    created = make("dumping-bulky")
    report = created.report
    report_transition(
        report=report,
        to_status="acknowledged",
        by=alice,
        public_message="Nous passons demain.",
        reason="INTERNAL REASON",
    )
    note_add(
        report=report,
        by=bob,
        body="POLICE NOTE",
        visibility="police",
        organisation=bob.memberships.get().organisation,
    )
    message_send(report=report, body="Merci pour votre patience.", by=alice)
    asked = info_request_create(report=report, question="Quel trottoir ?", by=alice)
    info_request_answer(request=asked.request, answer="Côté pair.")

    entries = public_timeline(report)

    texts = " ".join(entry.text for entry in entries)
    assert [e.kind for e in entries] == ["status", "status", "message", "question", "answer"]
    assert "Nous passons demain." in texts
    assert "Côté pair." in texts
    assert "INTERNAL REASON" not in texts
    assert "POLICE NOTE" not in texts
    assert all(alice.first_name not in str(entry) for entry in entries)
