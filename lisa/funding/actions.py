"""Every change to the funding programme: one function each, refusing what the programme does
not allow with a LisaError and writing nothing then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.errors import LisaError
from lisa.funding.models import (
    ZERO,
    Application,
    ApplicationStatus,
    BudgetLine,
    Call,
    CallStatus,
    Criterion,
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
from lisa.funding.selectors import is_funding_staff, may_apply_for
from lisa.offices.models import Office

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class CriterionSpec:
    name_fr: str
    name_nl: str
    name_en: str
    max_score: int
    weight: int = 1


@dataclass(frozen=True)
class LineSpec:
    kind: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class TrancheSpec:
    amount: Decimal
    planned_on: dt.date


def _refuse_unless_staff(by: User) -> None:
    if not is_funding_staff(by):
        raise LisaError(
            "not_funding_staff",
            _("Only the regional staff of safe.brussels run the funding programme."),
        )


def _positive(amount: Decimal, field: str) -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise LisaError("amount_not_positive", _("Give an amount above zero."), field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise LisaError("amount_cents", _("Give the amount in euros and cents."), field=field)
    return amount


def call_create(
    *,
    financial_year: int,
    name_fr: str,
    name_nl: str,
    name_en: str,
    envelope: Decimal,
    opens_on: dt.date,
    deadline: dt.date,
    criteria: Sequence[CriterionSpec],
    by: User,
    is_demo: bool = False,
    now: dt.datetime | None = None,
) -> Call:
    """Create a call in draft, with the criteria its applications will be scored on."""
    _refuse_unless_staff(by)
    _positive(envelope, "envelope")
    if deadline < opens_on:
        raise LisaError(
            "deadline_before_opening", _("The deadline comes before the opening."), field="deadline"
        )
    if not criteria:
        raise LisaError("no_criteria", _("A call needs at least one criterion."), field="criteria")
    if any(c.max_score < 1 or c.weight < 1 for c in criteria):
        raise LisaError(
            "criterion_scale",
            _("A criterion's maximum and weight are at least 1."),
            field="criteria",
        )
    with transaction.atomic():
        call = Call.objects.create(
            financial_year=financial_year,
            name_fr=name_fr,
            name_nl=name_nl,
            name_en=name_en,
            envelope=envelope,
            opens_on=opens_on,
            deadline=deadline,
            is_demo=is_demo,
            created_at=now or timezone.now(),
        )
        Criterion.objects.bulk_create(
            Criterion(
                call=call,
                position=position,
                name_fr=spec.name_fr,
                name_nl=spec.name_nl,
                name_en=spec.name_en,
                max_score=spec.max_score,
                weight=spec.weight,
            )
            for position, spec in enumerate(criteria, start=1)
        )
    return call


def _call_move(call: Call, *, expected: str, to: str, by: User) -> Call:
    _refuse_unless_staff(by)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status != expected:
            raise LisaError(
                "bad_call_transition",
                _("The call is %(status)s: it cannot become %(to)s.")
                % {"status": locked.get_status_display(), "to": CallStatus(to).label},
            )
        locked.status = to
        locked.save(update_fields=["status"])
    call.status = to
    return call


def call_open(*, call: Call, by: User) -> Call:
    """Open a draft call to applications."""
    return _call_move(call, expected=CallStatus.DRAFT, to=CallStatus.OPEN, by=by)


def call_close(*, call: Call, by: User) -> Call:
    """Close an open call: no more applications, the evaluation starts."""
    return _call_move(call, expected=CallStatus.OPEN, to=CallStatus.CLOSED, by=by)


def application_submit(
    *,
    call: Call,
    applicant: Organisation,
    office: Office,
    project: str,
    lines: Sequence[LineSpec],
    by: User,
    now: dt.datetime | None = None,
) -> Application:
    """Submit a municipality's project for an office to an open call, with its budget lines."""
    now = now or timezone.now()
    if not may_apply_for(by, applicant):
        raise LisaError(
            "not_applicant",
            _("Only the office's coordinator or the regional staff apply for a municipality."),
        )
    if office.coordinator_id != applicant.pk:
        raise LisaError(
            "office_not_applicants",
            _("The office is coordinated by another organisation."),
            field="office",
        )
    if call.status != CallStatus.OPEN or timezone.localdate(now) > call.deadline:
        raise LisaError("call_not_open", _("The call does not take applications."))
    if not project.strip():
        raise LisaError("project_required", _("Describe the project."), field="project")
    if not lines:
        raise LisaError("lines_required", _("Give at least one budget line."), field="lines")
    for line in lines:
        if line.kind not in LineKind.values:
            raise LisaError("line_kind", _("Unknown kind of budget line."), field="lines")
        if not line.description.strip():
            raise LisaError("line_description", _("Describe each budget line."), field="lines")
        _positive(line.amount, "lines")
    with transaction.atomic():
        if Application.objects.filter(call=call, office=office).exists():
            raise LisaError(
                "already_applied", _("This office already applied to this call."), field="office"
            )
        application = Application.objects.create(
            call=call,
            applicant=applicant,
            office=office,
            project=project.strip(),
            submitted_at=now,
            submitted_by=by,
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                application=application,
                kind=line.kind,
                description=line.description.strip(),
                amount=line.amount,
            )
            for line in lines
        )
    return application


def _check_document(file: UploadedFile) -> None:
    if file.size is None or file.size > MAX_DOCUMENT_BYTES:
        raise LisaError("file_too_large", _("A file is at most 20 MB."), field="file")
    if file.content_type not in DOCUMENT_TYPES:
        raise LisaError(
            "file_type", _("Join a PDF, a JPEG or PNG image, or an Office document."), field="file"
        )


def document_add(
    *,
    application: Application,
    file: UploadedFile,
    by: User,
    expense: Expense | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """Join a file to an application, or to one of its expenses."""
    if not may_apply_for(by, application.applicant):
        raise LisaError("not_applicant", _("Only the applicant or the regional staff add files."))
    if expense is not None and expense.grant.application_id != application.pk:
        raise LisaError("expense_elsewhere", _("The expense belongs to another application."))
    _check_document(file)
    with transaction.atomic():
        return Document.objects.create(
            application=application,
            expense=expense,
            file=file,
            original_name=(file.name or "file")[:200],
            content_type=file.content_type or "",
            size=file.size or 0,
            uploaded_by=by,
            uploaded_at=now or timezone.now(),
        )


def application_score(
    *,
    application: Application,
    criterion: Criterion,
    score: int,
    by: User,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Score:
    """Record an evaluator's score on one criterion; the first score starts the evaluation."""
    _refuse_unless_staff(by)
    if criterion.call_id != application.call_id:
        raise LisaError(
            "criterion_elsewhere", _("The criterion is not one of this call."), field="criterion"
        )
    if not 0 <= score <= criterion.max_score:
        raise LisaError(
            "score_out_of_range",
            _("The score is between 0 and %(max)s.") % {"max": criterion.max_score},
            field="score",
        )
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        if locked.call.status != CallStatus.CLOSED:
            raise LisaError(
                "call_not_closed", _("Applications are scored once the call is closed.")
            )
        if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_EVALUATION):
            raise LisaError("already_decided", _("The application has been decided."))
        if Score.objects.filter(application=locked, criterion=criterion, evaluator=by).exists():
            raise LisaError(
                "already_scored",
                _("You have already scored this criterion."),
                field="criterion",
            )
        row = Score.objects.create(
            application=locked,
            criterion=criterion,
            evaluator=by,
            score=score,
            comment=comment.strip(),
            scored_at=now or timezone.now(),
        )
        if locked.status == ApplicationStatus.SUBMITTED:
            locked.status = ApplicationStatus.UNDER_EVALUATION
            locked.save(update_fields=["status"])
    application.status = locked.status
    return row


def _committed(call: Call) -> Decimal:
    total = Grant.objects.filter(application__call__financial_year=call.financial_year).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO


def _envelope(call: Call) -> Decimal:
    total = Call.objects.filter(financial_year=call.financial_year).aggregate(
        total=Sum("envelope")
    )["total"]
    return total or ZERO


def _lock_for_decision(application: Application) -> Application:
    # The year's calls are locked first, so that two awards of one year wait for each other
    # before adding up what is committed.
    list(
        Call.objects.select_for_update()
        .filter(financial_year=application.call.financial_year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status != ApplicationStatus.UNDER_EVALUATION:
        raise LisaError(
            "not_under_evaluation",
            _("Only an application under evaluation is decided (it is %(status)s).")
            % {"status": locked.get_status_display()},
        )
    return locked


def award_decide(
    *,
    application: Application,
    amount: Decimal,
    tranches: Sequence[TrancheSpec],
    decided_on: dt.date,
    by: User,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Grant:
    """Award an application: the decision, its grant and the tranches it will be paid in."""
    _refuse_unless_staff(by)
    _positive(amount, "amount")
    if not tranches:
        raise LisaError("tranches_required", _("Plan at least one tranche."), field="tranches")
    for tranche in tranches:
        _positive(tranche.amount, "tranches")
    if sum((t.amount for t in tranches), ZERO) != amount:
        raise LisaError(
            "tranches_sum",
            _("The tranches add up to %(sum)s, not to the amount awarded.")
            % {"sum": sum((t.amount for t in tranches), ZERO)},
            field="tranches",
        )
    with transaction.atomic():
        locked = _lock_for_decision(application)
        requested = locked.lines.aggregate(total=Sum("amount"))["total"] or ZERO
        if amount > requested:
            raise LisaError(
                "above_request",
                _("The award is above the %(requested)s requested.") % {"requested": requested},
                field="amount",
            )
        remaining = _envelope(locked.call) - _committed(locked.call)
        if amount > remaining:
            raise LisaError(
                "above_envelope",
                _("Only %(remaining)s remain in the envelope of %(year)s.")
                % {"remaining": remaining, "year": locked.call.financial_year},
                field="amount",
            )
        decision = Decision.objects.create(
            application=locked,
            awarded=True,
            amount=amount,
            reason=reason.strip(),
            decided_on=decided_on,
            decided_by=by,
            recorded_at=now or timezone.now(),
        )
        grant = Grant.objects.create(decision=decision, application=locked, amount=amount)
        Tranche.objects.bulk_create(
            Tranche(grant=grant, position=position, amount=t.amount, planned_on=t.planned_on)
            for position, t in enumerate(tranches, start=1)
        )
        locked.status = ApplicationStatus.AWARDED
        locked.save(update_fields=["status"])
    application.status = locked.status
    return grant


def application_refuse(
    *,
    application: Application,
    reason: str,
    decided_on: dt.date,
    by: User,
    now: dt.datetime | None = None,
) -> Decision:
    """Refuse an application, saying why."""
    _refuse_unless_staff(by)
    if not reason.strip():
        raise LisaError("reason_required", _("Say why the application is refused."), field="reason")
    with transaction.atomic():
        locked = _lock_for_decision(application)
        decision = Decision.objects.create(
            application=locked,
            awarded=False,
            reason=reason.strip(),
            decided_on=decided_on,
            decided_by=by,
            recorded_at=now or timezone.now(),
        )
        locked.status = ApplicationStatus.REFUSED
        locked.save(update_fields=["status"])
    application.status = locked.status
    return decision


def tranche_pay(
    *,
    tranche: Tranche,
    amount: Decimal,
    paid_on: dt.date,
    by: User,
    now: dt.datetime | None = None,
) -> Payment:
    """Record a payment on a tranche, never above what remains of it."""
    _refuse_unless_staff(by)
    _positive(amount, "amount")
    now = now or timezone.now()
    if paid_on > timezone.localdate(now):
        raise LisaError("paid_in_future", _("A payment is recorded once made."), field="paid_on")
    with transaction.atomic():
        # Lock the tranche so that two payments at once cannot both fit in what remains.
        locked = (
            Tranche.objects.select_for_update().select_related("grant__decision").get(pk=tranche.pk)
        )
        if paid_on < locked.grant.decision.decided_on:
            raise LisaError(
                "paid_before_award", _("A payment comes after the award."), field="paid_on"
            )
        paid = locked.payments.aggregate(total=Sum("amount"))["total"] or ZERO
        if paid + amount > locked.amount:
            raise LisaError(
                "above_tranche",
                _("Only %(left)s remain to pay on this tranche.") % {"left": locked.amount - paid},
                field="amount",
            )
        return Payment.objects.create(
            tranche=locked, amount=amount, paid_on=paid_on, recorded_by=by, recorded_at=now
        )


def expense_justify(
    *,
    grant: Grant,
    kind: str,
    description: str,
    amount: Decimal,
    spent_on: dt.date,
    by: User,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Expense:
    """Justify an expense made with the grant, with its invoices."""
    now = now or timezone.now()
    application = grant.application
    if not may_apply_for(by, application.applicant):
        raise LisaError(
            "not_applicant", _("Only the applicant or the regional staff justify expenses.")
        )
    if kind not in LineKind.values:
        raise LisaError("line_kind", _("Unknown kind of budget line."), field="kind")
    if not description.strip():
        raise LisaError("description_required", _("Describe the expense."), field="description")
    _positive(amount, "amount")
    if spent_on > timezone.localdate(now):
        raise LisaError("spent_in_future", _("Justify an expense once made."), field="spent_on")
    for file in files:
        _check_document(file)
    with transaction.atomic():
        expense = Expense.objects.create(
            grant=grant,
            kind=kind,
            description=description.strip(),
            amount=amount,
            spent_on=spent_on,
            submitted_at=now,
            submitted_by=by,
        )
        for file in files:
            document_add(application=application, expense=expense, file=file, by=by, now=now)
    return expense


def _review(expense: Expense, *, by: User) -> Expense:
    _refuse_unless_staff(by)
    locked = Expense.objects.select_for_update().get(pk=expense.pk)
    if locked.status != ExpenseStatus.SUBMITTED:
        raise LisaError(
            "already_checked",
            _("The expense has already been checked (%(status)s).")
            % {"status": locked.get_status_display()},
        )
    return locked


def expense_accept(
    *,
    expense: Expense,
    accepted_amount: Decimal,
    reviewed_on: dt.date,
    by: User,
    note: str = "",
) -> Expense:
    """Accept an expense, for all or part of the amount claimed."""
    _positive(accepted_amount, "accepted_amount")
    with transaction.atomic():
        locked = _review(expense, by=by)
        if accepted_amount > locked.amount:
            raise LisaError(
                "above_claim",
                _("The amount accepted is above the %(claimed)s claimed.")
                % {"claimed": locked.amount},
                field="accepted_amount",
            )
        locked.status = ExpenseStatus.ACCEPTED
        locked.accepted_amount = accepted_amount
        locked.review_note = note.strip()
        locked.reviewed_on = reviewed_on
        locked.reviewed_by = by
        locked.save()
    return locked


def expense_refuse(*, expense: Expense, note: str, reviewed_on: dt.date, by: User) -> Expense:
    """Refuse an expense, saying why."""
    if not note.strip():
        raise LisaError("reason_required", _("Say why the expense is refused."), field="note")
    with transaction.atomic():
        locked = _review(expense, by=by)
        locked.status = ExpenseStatus.REFUSED
        locked.review_note = note.strip()
        locked.reviewed_on = reviewed_on
        locked.reviewed_by = by
        locked.save()
    return locked
