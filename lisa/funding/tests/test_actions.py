"""Each change of the programme, and what it refuses without writing anything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from lisa.append_only import AppendOnlyError
from lisa.errors import LisaError
from lisa.funding.actions import (
    TrancheSpec,
    application_refuse,
    application_score,
    award_decide,
    call_close,
    call_open,
    document_add,
    expense_accept,
    expense_justify,
    expense_refuse,
    tranche_pay,
)
from lisa.funding.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Decision,
    Document,
    Expense,
    ExpenseStatus,
    Grant,
    LineKind,
    Payment,
    Score,
    Tranche,
)
from lisa.funding.tests.conftest import apply, make_call

DECIDED = dt.date(2026, 6, 15)
PDF = b"%PDF-1.4\n%%EOF\n"


def score_all(application, *evaluators):
    for evaluator in evaluators:
        for criterion in application.call.criteria.all():
            application_score(application=application, criterion=criterion, score=4, by=evaluator)


def award(application, by, amount="150000.00"):
    total = Decimal(amount)
    first = (total * Decimal("0.6")).quantize(Decimal("0.01"))
    return award_decide(
        application=application,
        amount=total,
        tranches=[
            TrancheSpec(first, DECIDED + dt.timedelta(days=30)),
            TrancheSpec(total - first, DECIDED + dt.timedelta(days=365)),
        ],
        decided_on=DECIDED,
        by=by,
    )


@pytest.fixture
def evaluated(application, call, dave, gina):
    call_close(call=call, by=dave)
    score_all(application, dave, gina)
    return application


def test_it_takes_an_application_with_its_lines(application, call):
    assert application.status == ApplicationStatus.SUBMITTED
    assert sorted(application.lines.values_list("kind", "amount")) == [
        (LineKind.EQUIPMENT, Decimal("50000.00")),
        (LineKind.PREMISES, Decimal("200000.00")),
    ]


def test_it_refuses_an_application_from_another_municipality(call, fred, anderlecht_office):
    with pytest.raises(LisaError) as error:
        apply(call, anderlecht_office, fred)
    assert error.value.code == "not_applicant"
    assert not Application.objects.exists()


def test_it_refuses_an_application_to_a_closed_call(call, dave, coco, anderlecht_office):
    call_close(call=call, by=dave)
    with pytest.raises(LisaError) as error:
        apply(call, anderlecht_office, coco)
    assert error.value.code == "call_not_open"


def test_it_refuses_a_second_application_of_one_office(application, call, coco, anderlecht_office):
    with pytest.raises(LisaError) as error:
        apply(call, anderlecht_office, coco)
    assert error.value.code == "already_applied"
    assert Application.objects.count() == 1


def test_it_refuses_a_line_without_an_amount_and_writes_nothing(call, coco, anderlecht_office):
    with pytest.raises(LisaError) as error:
        apply(call, anderlecht_office, coco, equipment="0")
    assert error.value.code == "amount_not_positive"
    assert not Application.objects.exists()


def test_it_opens_only_a_draft_and_closes_only_an_open_call(call, dave):
    with pytest.raises(LisaError) as error:
        call_open(call=call, by=dave)
    assert error.value.code == "bad_call_transition"
    call_close(call=call, by=dave)
    with pytest.raises(LisaError):
        call_close(call=call, by=dave)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


def test_it_lets_only_the_regional_staff_run_calls(call, coco):
    with pytest.raises(LisaError) as error:
        call_close(call=call, by=coco)
    assert error.value.code == "not_funding_staff"


def test_it_scores_once_the_call_is_closed(application, call, dave):
    criterion = call.criteria.first()
    with pytest.raises(LisaError) as error:
        application_score(application=application, criterion=criterion, score=5, by=dave)
    assert error.value.code == "call_not_closed"
    call_close(call=call, by=dave)
    application_score(application=application, criterion=criterion, score=5, by=dave)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_EVALUATION


def test_it_refuses_a_score_off_the_scale_or_twice(application, call, dave):
    call_close(call=call, by=dave)
    budget = call.criteria.get(position=2)
    with pytest.raises(LisaError) as error:
        application_score(application=application, criterion=budget, score=6, by=dave)
    assert error.value.code == "score_out_of_range"
    application_score(application=application, criterion=budget, score=5, by=dave)
    with pytest.raises(LisaError) as error:
        application_score(application=application, criterion=budget, score=3, by=dave)
    assert error.value.code == "already_scored"
    assert Score.objects.count() == 1


def test_it_refuses_a_score_by_the_applicant(application, call, dave, coco):
    call_close(call=call, by=dave)
    with pytest.raises(LisaError) as error:
        application_score(
            application=application, criterion=call.criteria.first(), score=5, by=coco
        )
    assert error.value.code == "not_funding_staff"


def test_it_awards_with_a_grant_and_its_tranches(evaluated, dave):
    grant = award(evaluated, dave)
    evaluated.refresh_from_db()
    assert evaluated.status == ApplicationStatus.AWARDED
    assert grant.decision.amount == Decimal("150000.00")
    assert [t.amount for t in grant.tranches.all()] == [Decimal("90000.00"), Decimal("60000.00")]


def test_it_refuses_to_decide_an_application_not_evaluated(application, call, dave):
    call_close(call=call, by=dave)
    with pytest.raises(LisaError) as error:
        award(application, dave)
    assert error.value.code == "not_under_evaluation"
    assert not Decision.objects.exists()


def test_it_refuses_tranches_that_do_not_add_up_and_writes_nothing(evaluated, dave):
    with pytest.raises(LisaError) as error:
        award_decide(
            application=evaluated,
            amount=Decimal("100000"),
            tranches=[TrancheSpec(Decimal("60000"), DECIDED)],
            decided_on=DECIDED,
            by=dave,
        )
    assert error.value.code == "tranches_sum"
    assert not Decision.objects.exists()
    assert not Grant.objects.exists()
    evaluated.refresh_from_db()
    assert evaluated.status == ApplicationStatus.UNDER_EVALUATION


def test_it_refuses_an_award_above_the_request(evaluated, dave):
    with pytest.raises(LisaError) as error:
        award(evaluated, dave, amount="250000.01")
    assert error.value.code == "above_request"
    assert not Tranche.objects.exists()


def test_it_refuses_an_award_above_what_remains_of_the_envelope(
    dave, gina, coco, fred, anderlecht_office, forest_office
):
    call = make_call(dave, envelope="300000")
    first = apply(call, anderlecht_office, coco)
    second = apply(call, forest_office, fred)
    call_close(call=call, by=dave)
    score_all(first, dave)
    score_all(second, dave)
    award(first, dave, amount="200000")
    with pytest.raises(LisaError) as error:
        award(second, dave, amount="100000.01")
    assert error.value.code == "above_envelope"
    assert Grant.objects.count() == 1
    award(second, dave, amount="100000")
    assert Grant.objects.count() == 2


def test_it_refuses_with_a_reason_and_never_decides_twice(evaluated, dave):
    with pytest.raises(LisaError) as error:
        application_refuse(application=evaluated, reason=" ", decided_on=DECIDED, by=dave)
    assert error.value.code == "reason_required"
    application_refuse(application=evaluated, reason="Hors délai", decided_on=DECIDED, by=dave)
    with pytest.raises(LisaError) as error:
        award(evaluated, dave)
    assert error.value.code == "not_under_evaluation"
    assert not Grant.objects.exists()


def test_it_pays_a_tranche_up_to_its_amount(evaluated, dave):
    grant = award(evaluated, dave)
    first = grant.tranches.get(position=1)
    paid_on = DECIDED + dt.timedelta(days=31)
    tranche_pay(tranche=first, amount=Decimal("50000"), paid_on=paid_on, by=dave)
    with pytest.raises(LisaError) as error:
        tranche_pay(tranche=first, amount=Decimal("40000.01"), paid_on=paid_on, by=dave)
    assert error.value.code == "above_tranche"
    tranche_pay(tranche=first, amount=Decimal("40000"), paid_on=paid_on, by=dave)
    assert sum(p.amount for p in Payment.objects.all()) == first.amount


def test_it_refuses_a_payment_before_the_award_or_by_the_applicant(evaluated, dave, coco):
    grant = award(evaluated, dave)
    first = grant.tranches.get(position=1)
    with pytest.raises(LisaError) as error:
        tranche_pay(tranche=first, amount=Decimal("1"), paid_on=DECIDED - dt.timedelta(1), by=dave)
    assert error.value.code == "paid_before_award"
    with pytest.raises(LisaError) as error:
        tranche_pay(tranche=first, amount=Decimal("1"), paid_on=DECIDED, by=coco)
    assert error.value.code == "not_funding_staff"
    assert not Payment.objects.exists()


def test_it_keeps_payments_and_scores_as_they_were(evaluated, dave):
    grant = award(evaluated, dave)
    payment = tranche_pay(
        tranche=grant.tranches.first(), amount=Decimal("10"), paid_on=DECIDED, by=dave
    )
    payment.amount = Decimal("1")
    with pytest.raises(AppendOnlyError):
        payment.save()
    with pytest.raises(AppendOnlyError):
        Score.objects.all().delete()
    table = Payment._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET amount = 1")  # noqa: S608  (a table name of ours)


def test_it_justifies_an_expense_with_its_invoice_and_accepts_part(evaluated, dave, coco):
    grant = award(evaluated, dave)
    invoice = SimpleUploadedFile("facture.pdf", PDF, content_type="application/pdf")
    expense = expense_justify(
        grant=grant,
        kind=LineKind.PREMISES,
        description="Travaux",
        amount=Decimal("80000"),
        spent_on=DECIDED,
        by=coco,
        files=[invoice],
    )
    assert expense.documents.get().original_name == "facture.pdf"
    with pytest.raises(LisaError) as error:
        expense_accept(
            expense=expense, accepted_amount=Decimal("80000.01"), reviewed_on=DECIDED, by=dave
        )
    assert error.value.code == "above_claim"
    expense_accept(expense=expense, accepted_amount=Decimal("75000"), reviewed_on=DECIDED, by=dave)
    expense.refresh_from_db()
    assert (expense.status, expense.accepted_amount) == (ExpenseStatus.ACCEPTED, Decimal("75000"))
    with pytest.raises(LisaError) as error:
        expense_refuse(expense=expense, note="Non", reviewed_on=DECIDED, by=dave)
    assert error.value.code == "already_checked"


def test_it_writes_no_expense_when_a_file_is_refused(evaluated, dave, coco):
    grant = award(evaluated, dave)
    script = SimpleUploadedFile("x.html", b"<script>", content_type="text/html")
    with pytest.raises(LisaError) as error:
        expense_justify(
            grant=grant,
            kind=LineKind.PREMISES,
            description="Travaux",
            amount=Decimal("100"),
            spent_on=DECIDED,
            by=coco,
            files=[script],
        )
    assert error.value.code == "file_type"
    assert not Expense.objects.exists()
    assert not Document.objects.exists()


def test_it_lets_only_the_applicant_or_the_staff_add_files(application, fred, coco):
    pdf = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    with pytest.raises(LisaError) as error:
        document_add(application=application, file=pdf, by=fred)
    assert error.value.code == "not_applicant"
    document_add(application=application, file=pdf, by=coco)
    assert application.documents.count() == 1
