"""The funding programme's screens: the overview per financial year, a call with its
applications and scores, an application with its lines, scores, decision, grant, tranches,
payments and justified expenses. Every figure comes from lisa/funding/selectors.py, every
change from lisa/funding/actions.py."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.errors import LisaError, NotFound
from lisa.funding.actions import (
    TrancheSpec,
    application_refuse,
    application_score,
    award_decide,
    call_close,
    call_open,
    expense_accept,
    expense_justify,
    expense_refuse,
    tranche_pay,
)
from lisa.funding.models import (
    ZERO,
    Application,
    ApplicationStatus,
    CallStatus,
    Expense,
    LineKind,
    Tranche,
)
from lisa.funding.selectors import (
    application_for,
    applications_visible_to,
    call_for,
    document_for,
    is_funding_staff,
    may_apply_for,
    office_lifecycles,
    programme_overview,
    scores_by_criterion,
    sees_funding,
    weighted_score,
)

CENT = Decimal("0.01")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=CENT, max_digits=12, decimal_places=2, **kwargs
    )


class AwardForm(forms.Form):
    amount = _money(gettext_lazy("Amount awarded (EUR)"))
    first_share = forms.IntegerField(
        label=gettext_lazy("First tranche (percent of the award)"),
        min_value=1,
        max_value=100,
        initial=60,
        help_text=gettext_lazy("The rest is paid in a second tranche, on justified expenses."),
    )
    first_on = forms.DateField(label=gettext_lazy("First tranche planned on"), widget=DATE_WIDGET)
    second_on = forms.DateField(
        label=gettext_lazy("Second tranche planned on"), widget=DATE_WIDGET, required=False
    )
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def tranches(self) -> list[TrancheSpec]:
        data = self.cleaned_data
        amount: Decimal = data["amount"]
        first = (amount * data["first_share"] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        plan = [TrancheSpec(first, data["first_on"])]
        if first < amount:
            if data["second_on"] is None:
                raise LisaError(
                    "second_date_required",
                    _("Say when the second tranche is planned."),
                    field="second_on",
                )
            plan.append(TrancheSpec(amount - first, data["second_on"]))
        return plan


class RefuseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea({"rows": 2}))
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE_WIDGET)


class PaymentForm(forms.Form):
    tranche = forms.IntegerField(widget=forms.HiddenInput)
    amount = _money(gettext_lazy("Amount paid (EUR)"))
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DATE_WIDGET)


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=LineKind.choices)
    description = forms.CharField(label=gettext_lazy("What was bought or done"), max_length=300)
    amount = _money(gettext_lazy("Amount (EUR)"))
    spent_on = forms.DateField(label=gettext_lazy("Spent on"), widget=DATE_WIDGET)
    # The invoices come as an <input type="file" multiple> read from request.FILES.


class ReviewForm(forms.Form):
    expense = forms.IntegerField(widget=forms.HiddenInput)
    accepted_amount = _money(gettext_lazy("Amount accepted (EUR)"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("refuse", "refuse")])


def _denied(request: AuthedRequest) -> HttpResponse:
    message = _(
        "The funding programme is for the regional staff of safe.brussels and the "
        "coordinators of the municipalities that apply."
    )
    return render(request, "backoffice/denied.html", {"message": message}, status=403)


def _today_input() -> str:
    return timezone.localdate().isoformat()


@staff_view
@require_GET
def funding_overview(request: AuthedRequest) -> HttpResponse:
    """Show the programme per financial year and per call, and each office's way."""
    if not sees_funding(request.user):
        return _denied(request)
    year_text = request.GET.get("year", "")
    year = None
    if year_text:
        if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
            message = _("The year is four digits, such as 2023.")
            return render(request, "backoffice/denied.html", {"message": message}, status=400)
        year = int(year_text)
    overview = programme_overview(request.user, year)
    every_year = programme_overview(request.user).years if year is not None else overview.years
    return render(
        request,
        "backoffice/funding/overview.html",
        {
            "section": "funding",
            "overview": overview,
            "year": year,
            "all_years": [row.financial_year for row in every_year],
            "lifecycles": office_lifecycles(request.user) if year is None else [],
        },
    )


@staff_view
@require_GET
def funding_call(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a call: its criteria, and the applications with their scores and decisions."""
    if not sees_funding(request.user):
        return _denied(request)
    call = call_for(request.user, pk)
    overview = programme_overview(request.user, call.financial_year)
    applications = list(
        applications_visible_to(request.user)
        .filter(call=call)
        .select_related("office", "applicant", "call", "decision")
        .prefetch_related("scores", "call__criteria")
        .annotate(requested=Sum("lines__amount"))
        .order_by("office__name_fr")
    )
    staff = is_funding_staff(request.user)
    decided = (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED)
    rows = [
        {
            "application": a,
            # The applicant reads the scores once the application is decided.
            "score": weighted_score(a) if staff or a.status in decided else None,
            "evaluators": len({s.evaluator_id for s in a.scores.all()}),
            "decision": getattr(a, "decision", None),
        }
        for a in applications
    ]
    return render(
        request,
        "backoffice/funding/call.html",
        {
            "section": "funding",
            "call": call,
            "criteria": list(call.criteria.all()),
            "rows": rows,
            "row": next((r for r in overview.calls if r.call.pk == call.pk), None),
            "is_staff": staff,
        },
    )


@staff_view
@require_POST
def funding_call_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Open or close a call."""
    call = call_for(request.user, pk)
    moves = {"open": call_open, "close": call_close}
    if action not in moves:
        raise NotFound("not_found", "Not found.")
    try:
        moves[action](call=call, by=request.user)
    except LisaError as error:
        messages.error(request, str(error.message))
        return redirect("backoffice:funding-call", pk=call.pk)
    messages.success(request, _("The call is %(status)s.") % {"status": call.get_status_display()})
    return redirect("backoffice:funding-call", pk=call.pk)


def _application_context(request: AuthedRequest, application: Application) -> dict[str, Any]:
    user = request.user
    staff = is_funding_staff(user)
    lines = list(application.lines.all())
    requested = sum((line.amount for line in lines), ZERO)
    criteria_scores = scores_by_criterion(application)
    decision = getattr(application, "decision", None)
    grant = getattr(application, "grant", None) if decision and decision.awarded else None
    tranches: list[dict[str, Any]] = []
    expenses: list[Expense] = []
    if grant is not None:
        for tranche in grant.tranches.prefetch_related("payments", "payments__recorded_by"):
            paid = sum((p.amount for p in tranche.payments.all()), ZERO)
            tranches.append({"tranche": tranche, "paid": paid, "left": tranche.amount - paid})
        expenses = list(
            grant.expenses.select_related("submitted_by", "reviewed_by").prefetch_related(
                Prefetch("documents")
            )
        )
    open_for_scoring = (
        staff
        and application.call.status == CallStatus.CLOSED
        and application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_EVALUATION)
    )
    mine = {
        s.criterion_id for _c, cs in criteria_scores for s in cs.scores if s.evaluator_id == user.pk
    }
    to_score = [c for c, _cs in criteria_scores if c.pk not in mine] if open_for_scoring else []
    paid_total = sum((t["paid"] for t in tranches), ZERO)
    accepted_total = sum((e.accepted_amount or ZERO for e in expenses), ZERO)
    # The applicant reads the evaluators' scores once the application is decided.
    decided = application.status in (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED)
    return {
        "section": "funding",
        "show_scores": staff or decided,
        "application": application,
        "call": application.call,
        "lines": lines,
        "requested": requested,
        "documents": [d for d in application.documents.all() if d.expense_id is None],
        "criteria_scores": criteria_scores,
        "score": weighted_score(application),
        "to_score": to_score,
        "decision": decision,
        "grant": grant,
        "tranches": tranches,
        "paid_total": paid_total,
        "expenses": expenses,
        "accepted_total": accepted_total,
        "is_staff": staff,
        "may_decide": staff and application.status == ApplicationStatus.UNDER_EVALUATION,
        "may_justify": grant is not None and may_apply_for(user, application.applicant),
        "today": _today_input(),
        "award_form": AwardForm(
            initial={"amount": requested, "first_share": 60, "decided_on": _today_input()}
        ),
        "refuse_form": RefuseForm(initial={"decided_on": _today_input()}),
        "expense_form": ExpenseForm(initial={"spent_on": _today_input()}),
    }


@staff_view
@require_GET
def funding_application(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show an application: lines, files, scores, decision, grant, payments and expenses."""
    if not sees_funding(request.user):
        return _denied(request)
    application = application_for(request.user, pk)
    return render(
        request,
        "backoffice/funding/application.html",
        _application_context(request, application),
    )


def _score(request: AuthedRequest, application: Application) -> str:
    criteria = {c.pk: c for c in application.call.criteria.all()}
    given = []
    for pk, criterion in criteria.items():
        text = request.POST.get(f"score-{pk}", "").strip()
        if not text:
            continue
        if not text.isdigit():
            raise LisaError("score_not_a_number", _("A score is a whole number."), field="score")
        given.append((criterion, int(text), request.POST.get(f"comment-{pk}", "")))
    if not given:
        raise LisaError("no_score", _("Give at least one score."), field="score")
    # All the scores of one form are kept, or none.
    with transaction.atomic():
        for criterion, score, comment in given:
            application_score(
                application=application,
                criterion=criterion,
                score=score,
                comment=comment[:2000],
                by=request.user,
            )
    return _("Your scores are recorded.")


def _invalid(form: forms.Form) -> LisaError:
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    message = str(errors[0])
    return LisaError("invalid", f"{label}: {message}" if label else message, field=field)


def _award(request: AuthedRequest, application: Application) -> str:
    form = AwardForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    award_decide(
        application=application,
        amount=form.cleaned_data["amount"],
        tranches=form.tranches(),
        decided_on=form.cleaned_data["decided_on"],
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    return _("The application is awarded; its grant and tranches are planned.")


def _refuse(request: AuthedRequest, application: Application) -> str:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    application_refuse(
        application=application,
        reason=form.cleaned_data["reason"],
        decided_on=form.cleaned_data["decided_on"],
        by=request.user,
    )
    return _("The application is refused.")


def _pay(request: AuthedRequest, application: Application) -> str:
    form = PaymentForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    tranche = Tranche.objects.filter(
        pk=form.cleaned_data["tranche"], grant__application=application
    ).first()
    if tranche is None:
        raise NotFound("not_found", "Not found.")
    tranche_pay(
        tranche=tranche,
        amount=form.cleaned_data["amount"],
        paid_on=form.cleaned_data["paid_on"],
        by=request.user,
    )
    return _("The payment is recorded.")


def _justify(request: AuthedRequest, application: Application) -> str:
    form = ExpenseForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    grant = getattr(application, "grant", None)
    if grant is None:
        raise LisaError("no_grant", _("Expenses are justified against a grant."))
    expense_justify(
        grant=grant,
        kind=form.cleaned_data["kind"],
        description=form.cleaned_data["description"],
        amount=form.cleaned_data["amount"],
        spent_on=form.cleaned_data["spent_on"],
        files=request.FILES.getlist("files"),
        by=request.user,
    )
    return _("The expense is sent for checking.")


def _review(request: AuthedRequest, application: Application) -> str:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    expense = Expense.objects.filter(
        pk=form.cleaned_data["expense"], grant__application=application
    ).first()
    if expense is None:
        raise NotFound("not_found", "Not found.")
    today = timezone.localdate()
    if form.cleaned_data["decision"] == "refuse":
        expense_refuse(
            expense=expense, note=form.cleaned_data["note"], reviewed_on=today, by=request.user
        )
        return _("The expense is refused.")
    accepted = form.cleaned_data["accepted_amount"] or expense.amount
    expense_accept(
        expense=expense,
        accepted_amount=accepted,
        note=form.cleaned_data["note"],
        reviewed_on=today,
        by=request.user,
    )
    return _("The expense is accepted.")


ACTIONS = {
    "score": _score,
    "award": _award,
    "refuse": _refuse,
    "pay": _pay,
    "justify": _justify,
    "review": _review,
}


@staff_view
@require_http_methods(["POST"])
def funding_application_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Score, decide, pay, justify or check, then come back to the application."""
    application = application_for(request.user, pk)
    if action not in ACTIONS:
        raise NotFound("not_found", "Not found.")
    try:
        done = ACTIONS[action](request, application)
    except NotFound:
        raise
    except LisaError as error:
        application = application_for(request.user, pk)
        context = _application_context(request, application)
        context.update({"error": error, "failed_action": action, "typed": request.POST})
        return render(request, "backoffice/funding/application.html", context, status=400)
    messages.success(request, done)
    return redirect("backoffice:funding-application", pk=application.pk)


@staff_view
@require_GET
def funding_document(request: AuthedRequest, pk: int) -> FileResponse:
    """Send a file of an application to a person who may see the application."""
    document = document_for(request.user, pk)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
