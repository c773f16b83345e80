"""The funding screens through HTTP: who gets in, and each form's round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lisa.funding.actions import call_close
from lisa.funding.models import ApplicationStatus, Expense, Payment, Score
from lisa.funding.tests.conftest import apply, make_call
from lisa.funding.tests.test_actions import DECIDED, PDF, award, score_all


def page(application, action=None):
    if action:
        return reverse("backoffice:funding-application-act", args=[application.pk, action])
    return reverse("backoffice:funding-application", args=[application.pk])


def test_it_shows_the_overview_to_the_regional_staff(client, application, dave):
    client.force_login(dave)
    response = client.get(reverse("backoffice:funding"))
    assert response.status_code == 200
    assert application.call.name in response.content.decode()
    assert (
        client.get(reverse("backoffice:funding-call", args=[application.call.pk])).status_code
        == 200
    )
    assert client.get(page(application)).status_code == 200


def test_it_refuses_the_programme_to_a_desk_agent(client, application, alice):
    client.force_login(alice)
    assert client.get(reverse("backoffice:funding")).status_code == 403
    assert client.get(page(application)).status_code == 403


def test_another_municipality_finds_nothing(client, application, fred):
    client.force_login(fred)
    assert client.get(reverse("backoffice:funding")).status_code == 200
    assert client.get(page(application)).status_code == 404
    assert client.post(page(application, "justify"), {}).status_code == 404


def test_a_bad_year_is_a_clear_400(client, dave):
    client.force_login(dave)
    response = client.get(reverse("backoffice:funding"), {"year": "20x3"})
    assert response.status_code == 400


def test_an_evaluator_scores_all_criteria_at_once_or_none(client, application, call, dave):
    call_close(call=call, by=dave)
    client.force_login(dave)
    needs, budget = call.criteria.order_by("position")
    response = client.post(
        page(application, "score"), {f"score-{needs.pk}": "8", f"score-{budget.pk}": "6"}
    )
    assert response.status_code == 400
    assert not Score.objects.exists()
    response = client.post(
        page(application, "score"),
        {f"score-{needs.pk}": "8", f"score-{budget.pk}": "4", f"comment-{budget.pk}": "Net"},
    )
    assert response.status_code == 302
    assert Score.objects.count() == 2
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_EVALUATION


def test_the_staff_award_and_pay_through_the_forms(client, application, call, dave):
    call_close(call=call, by=dave)
    score_all(application, dave)
    client.force_login(dave)
    response = client.post(
        page(application, "award"),
        {
            "amount": "100000",
            "first_share": "60",
            "first_on": "2026-07-15",
            "second_on": "2027-06-15",
            "decided_on": "2026-06-15",
            "reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tranches = list(application.grant.tranches.all())
    assert [t.amount for t in tranches] == [Decimal("60000.00"), Decimal("40000.00")]
    response = client.post(
        page(application, "pay"),
        {"tranche": tranches[0].pk, "amount": "60000.01", "paid_on": "2026-07-15"},
    )
    assert response.status_code == 400
    assert "60" in response.content.decode()
    response = client.post(
        page(application, "pay"),
        {"tranche": tranches[0].pk, "amount": "60000", "paid_on": "2026-07-15"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("60000")


def test_the_coordinator_justifies_with_invoices_and_reads_them(
    client, application, call, dave, coco, fred
):
    call_close(call=call, by=dave)
    score_all(application, dave)
    award(application, dave)
    client.force_login(coco)
    response = client.post(
        page(application, "justify"),
        {
            "kind": "premises",
            "description": "Travaux",
            "amount": "5000",
            "spent_on": DECIDED.isoformat(),
            "files": [SimpleUploadedFile("facture.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    document = Expense.objects.get().documents.get()
    url = reverse("backoffice:funding-document", args=[document.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(fred)
    assert client.get(url).status_code == 404
    response = client.post(page(application, "pay"), {"tranche": "1", "amount": "1"})
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["award", "pay", "review"])
def test_the_coordinator_cannot_decide_or_pay(client, application, call, dave, coco, action):
    call_close(call=call, by=dave)
    score_all(application, dave)
    client.force_login(coco)
    response = client.post(
        page(application, action),
        {"amount": "1", "first_share": "100", "first_on": "2026-07-01", "decided_on": "2026-06-01",
         "tranche": "0", "paid_on": "2026-07-01", "expense": "0", "decision": "accept"},
    )  # fmt: skip
    assert response.status_code in (400, 404)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_EVALUATION


def test_the_applicant_reads_the_scores_once_decided(client, application, call, dave, coco):
    call_close(call=call, by=dave)
    score_all(application, dave)
    client.force_login(coco)
    assert 'id="scores"' not in client.get(page(application)).content.decode()
    award(application, dave)
    assert 'id="scores"' in client.get(page(application)).content.decode()


def test_the_overview_costs_the_same_queries_for_more_calls(client, application, dave, fred):
    client.force_login(dave)
    client.get(reverse("backoffice:funding"))  # the session and the scope, once
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("backoffice:funding")).status_code == 200
    later = make_call(dave, year=2027)
    apply(later, fred.memberships.get().office, fred)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("backoffice:funding")).status_code == 200
    assert len(more) == len(few)
