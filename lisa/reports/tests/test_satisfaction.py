"""The resident's answers once a report is resolved: satisfaction, and "not solved"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lisa.errors import LisaError
from lisa.reports.actions import (
    ReporterDetails,
    reopen_accept,
    reopen_decline,
    reopen_request,
    report_create,
    report_transition,
    satisfaction_record,
)
from lisa.reports.models import (
    Category,
    Channel,
    ReopenDecision,
    Reporter,
    Satisfaction,
    Status,
)
from lisa.reports.public import public_timeline, reopening_for
from lisa.reports.selectors import latest_satisfactions, report_timeline, satisfaction_of
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def resident_of_resolved(alice, *, days_ago: float = 1, email: str = "an@example.org") -> Reporter:
    report = report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas sur le trottoir.",
        channel=Channel.WEB,
        reporter=ReporterDetails(name="An", email=email, language="fr"),
        now=NOW - dt.timedelta(days=days_ago + 1),
        notify=False,
    ).report
    report_transition(
        report=report,
        to_status=Status.IN_PROGRESS,
        by=alice,
        now=NOW - dt.timedelta(days=days_ago, hours=2),
        notify=False,
    )
    report_transition(
        report=report,
        to_status=Status.RESOLVED,
        by=alice,
        now=NOW - dt.timedelta(days=days_ago),
        notify=False,
    )
    return Reporter.objects.get(report=report)


def test_answers_are_appended_and_the_latest_counts(alice):
    an = resident_of_resolved(alice)
    other = resident_of_resolved(alice, email="bea@example.org")

    satisfaction_record(reporter=an, score=2, via="link", now=NOW)
    satisfaction_record(reporter=an, score=2, via="link", now=NOW + dt.timedelta(minutes=1))
    satisfaction_record(reporter=an, score=4, comment="Finalement réglé.", now=NOW)
    satisfaction_record(reporter=other, score=5, via="link", now=NOW)

    assert Satisfaction.objects.count() == 3  # the same click twice is one answer
    latest = {(s.reporter_id, s.score) for s in latest_satisfactions()}
    assert latest == {(an.pk, 4), (other.pk, 5)}
    summary = satisfaction_of(alice, an.report)
    assert [answer.score for answer in summary.answers] == [4]
    assert summary.average == 4


def test_a_link_clicked_again_keeps_the_comment_given_on_the_page(alice):
    an = resident_of_resolved(alice)
    satisfaction_record(reporter=an, score=3, via="link", now=NOW)
    satisfaction_record(reporter=an, score=3, comment="Un peu lent.", now=NOW)

    again = satisfaction_record(reporter=an, score=3, via="link", now=NOW)

    assert again.comment == "Un peu lent."
    assert Satisfaction.objects.count() == 2


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_is_from_1_to_5(alice, score):
    an = resident_of_resolved(alice)
    with pytest.raises(LisaError) as refused:
        satisfaction_record(reporter=an, score=score)
    assert refused.value.code == "invalid_score"


def test_an_open_report_is_not_rated(alice):
    an = resident_of_resolved(alice)
    report_transition(report=an.report, to_status=Status.REOPENED, by=alice, notify=False)
    with pytest.raises(LisaError) as refused:
        satisfaction_record(reporter=an, score=5)
    assert refused.value.code == "not_resolved"


def test_analysts_see_the_scores_not_the_residents_words(alice, dave):
    an = resident_of_resolved(alice)
    satisfaction_record(reporter=an, score=1, comment="Personne n'est venu.", now=NOW)

    [seen] = satisfaction_of(dave, an.report).answers
    assert (seen.score, seen.comment) == (1, "")
    assert satisfaction_of(alice, an.report).answers[0].comment == "Personne n'est venu."


def test_not_solved_is_asked_once_within_30_days(alice):
    an = resident_of_resolved(alice, days_ago=29.9)

    request = reopen_request(reporter=an, reason="Le matelas est revenu.", now=NOW)

    assert request.decision == ReopenDecision.PENDING
    assert request.organisation == an.report.organisation
    with pytest.raises(LisaError) as refused:
        reopen_request(reporter=an, reason="Toujours là !", now=NOW)
    assert refused.value.code == "reopen_already_asked"
    assert reopening_for(an.report, now=NOW).pending == request
    entries = [(e.kind, e.text) for e in public_timeline(an.report)]
    assert ("reopen_asked", "Le matelas est revenu.") in entries
    assert "reopen" in [entry.kind for entry in report_timeline(alice, an.report)]


def test_after_30_days_not_solved_is_refused(alice):
    an = resident_of_resolved(alice, days_ago=30.1)

    assert reopening_for(an.report, now=NOW).too_late
    with pytest.raises(LisaError) as refused:
        reopen_request(reporter=an, reason="Le matelas est revenu.", now=NOW)
    assert refused.value.code == "reopen_too_late"


def test_a_report_not_resolved_cannot_be_asked_to_reopen(alice):
    an = resident_of_resolved(alice)
    report_transition(report=an.report, to_status=Status.CLOSED, by=alice, notify=False)
    with pytest.raises(LisaError) as refused:
        reopen_request(reporter=an, reason="Le matelas est revenu.")
    assert refused.value.code == "reopen_not_resolved"


def test_accepting_reopens_the_report_then_takes_it_up_again(alice):
    an = resident_of_resolved(alice)
    request = reopen_request(reporter=an, reason="Le matelas est revenu.", now=NOW)

    report = reopen_accept(request=request, by=alice, now=NOW, notify=False)

    assert report.status == Status.IN_PROGRESS
    steps = list(report.history.values_list("from_status", "to_status", "public_message"))
    assert steps[-2][:2] == (Status.RESOLVED, Status.REOPENED)
    assert steps[-1][:2] == (Status.REOPENED, Status.IN_PROGRESS)
    assert "rouvert votre signalement" in steps[-1][2]  # told in the resident's language
    request.refresh_from_db()
    assert (request.decision, request.decided_by) == (ReopenDecision.ACCEPTED, alice)
    with pytest.raises(LisaError) as refused:
        reopen_decline(request=request, by=alice, answer="Trop tard.")
    assert refused.value.code == "reopen_already_decided"


def test_declining_needs_a_reason_the_resident_sees(alice):
    an = resident_of_resolved(alice)
    request = reopen_request(reporter=an, reason="Le matelas est revenu.", now=NOW)
    with pytest.raises(LisaError) as refused:
        reopen_decline(request=request, by=alice, answer="  ")
    assert refused.value.code == "decline_reason_required"

    reopen_decline(
        request=request, by=alice, answer="C'est un nouveau dépôt : signalez-le.", notify=False
    )

    an.report.refresh_from_db()
    assert an.report.status == Status.RESOLVED
    reopening = reopening_for(an.report)
    assert reopening.declined == request
    assert not reopening.can_ask
    declined = [e for e in public_timeline(an.report) if e.kind == "reopen_declined"]
    assert declined[0].text == "C'est un nouveau dépôt : signalez-le."
    assert "Alice" not in str(declined[0])  # the organisation speaks, not the person
