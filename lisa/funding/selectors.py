"""What the funding programme shows to whom, and every figure of it, computed from the record.

The regional staff (regional analysts and administrators, at safe.brussels) see the whole
programme; an office coordinator sees the applications and grants of the organisation they
coordinate an office for (the municipality's service that applies); anyone else sees nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.errors import NotFound
from lisa.funding.models import (
    ZERO,
    Application,
    ApplicationStatus,
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
)
from lisa.offices.models import Office, OfficeStatus

AnyUser = User | AnonymousUser | None


def is_funding_staff(user: AnyUser) -> bool:
    """Return whether the person runs the programme: scores, decides, pays."""
    scope = scope_for(user)
    return scope.is_analyst or scope.is_administrator


def may_apply_for(user: AnyUser, applicant: Organisation) -> bool:
    """Return whether the person may apply and justify expenses for the applicant."""
    return is_funding_staff(user) or applicant.pk in scope_for(user).coordinator_organisation_ids


def sees_funding(user: AnyUser) -> bool:
    """Return whether the person sees any of the programme (for the menu and the pages)."""
    scope = scope_for(user)
    return is_funding_staff(user) or bool(scope.coordinator_organisation_ids)


def applications_visible_to(user: AnyUser) -> QuerySet[Application]:
    """Return the applications the person may see."""
    if is_funding_staff(user):
        return Application.objects.all()
    organisations = scope_for(user).coordinator_organisation_ids
    if not organisations:
        return Application.objects.none()
    return Application.objects.filter(applicant__in=organisations)


def calls_visible_to(user: AnyUser) -> QuerySet[Call]:
    """Return the calls the person may see: all but drafts, and drafts for the staff."""
    if is_funding_staff(user):
        return Call.objects.all()
    if not sees_funding(user):
        return Call.objects.none()
    return Call.objects.exclude(status=CallStatus.DRAFT)


def call_for(user: AnyUser, pk: int) -> Call:
    """Return the call, or NotFound alike for absent and not visible."""
    call = calls_visible_to(user).filter(pk=pk).first()
    if call is None:
        raise NotFound("not_found", "Not found.")
    return call


def application_for(user: AnyUser, pk: int) -> Application:
    """Return the application with its call, office and applicant, or NotFound."""
    application = (
        applications_visible_to(user)
        .select_related("call", "office", "applicant", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise NotFound("not_found", "Not found.")
    return application


def document_for(user: AnyUser, pk: int) -> Document:
    """Return a document of a visible application, or NotFound."""
    document = Document.objects.filter(application__in=applications_visible_to(user), pk=pk).first()
    if document is None:
        raise NotFound("not_found", "Not found.")
    return document


@dataclass
class YearRow:
    financial_year: int
    envelope: Decimal = ZERO
    applications: int = 0
    awarded: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """Return what is left of the envelope once the awards are committed."""
        return self.envelope - self.committed

    @property
    def to_pay(self) -> Decimal:
        return self.committed - self.paid


@dataclass
class CallRow:
    call: Call
    applications: int = 0
    scored: int = 0
    awarded: int = 0
    refused: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def to_decide(self) -> int:
        return self.applications - self.awarded - self.refused


@dataclass
class Overview:
    whole_programme: bool
    years: list[YearRow]
    calls: list[CallRow]
    offices_supported: int
    offices_operational: int
    totals: YearRow = field(default_factory=lambda: YearRow(financial_year=0))


def programme_overview(
    user: AnyUser, year: int | None = None, *, offices: QuerySet[Office] | None = None
) -> Overview:
    """Return the programme per financial year (envelope, committed, paid, remaining), per
    call, and the offices supported and operational, as far as the person may see.

    With `offices`, the applications are only those for these offices (a dashboard's place).
    """
    whole = is_funding_staff(user)
    calls_qs = calls_visible_to(user).order_by("-financial_year", "opens_on")
    applications = applications_visible_to(user)
    if offices is not None:
        applications = applications.filter(office__in=offices)
    if year is not None:
        calls_qs = calls_qs.filter(financial_year=year)
        applications = applications.filter(call__financial_year=year)
    calls = list(calls_qs)
    per_call: dict[int, dict[str, Any]] = {
        row["call"]: dict(row)
        for row in applications.values("call").annotate(
            n=Count("id", distinct=True),
            awarded=Count("id", filter=Q(status=ApplicationStatus.AWARDED), distinct=True),
            refused=Count("id", filter=Q(status=ApplicationStatus.REFUSED), distinct=True),
            scored=Count("id", filter=Q(scores__isnull=False), distinct=True),
        )
    }
    committed = {
        row["application__call"]: row["total"]
        for row in Grant.objects.filter(application__in=applications)
        .values("application__call")
        .annotate(total=Sum("amount"))
    }
    paid = {
        row["tranche__grant__application__call"]: row["total"]
        for row in Payment.objects.filter(tranche__grant__application__in=applications)
        .values("tranche__grant__application__call")
        .annotate(total=Sum("amount"))
    }
    call_rows = []
    years: dict[int, YearRow] = {}
    for call in calls:
        counts = per_call.get(call.pk, {})
        row = CallRow(
            call=call,
            applications=counts.get("n", 0),
            scored=counts.get("scored", 0),
            awarded=counts.get("awarded", 0),
            refused=counts.get("refused", 0),
            committed=committed.get(call.pk) or ZERO,
            paid=paid.get(call.pk) or ZERO,
        )
        call_rows.append(row)
        year_row = years.setdefault(call.financial_year, YearRow(call.financial_year))
        year_row.envelope += call.envelope
        year_row.applications += row.applications
        year_row.awarded += row.awarded
        year_row.committed += row.committed
        year_row.paid += row.paid
    year_rows = sorted(years.values(), key=lambda r: r.financial_year, reverse=True)
    totals = YearRow(financial_year=0)
    for year_row in year_rows:
        totals.envelope += year_row.envelope
        totals.applications += year_row.applications
        totals.awarded += year_row.awarded
        totals.committed += year_row.committed
        totals.paid += year_row.paid
    supported = Office.objects.filter(
        funding_applications__in=applications.filter(status=ApplicationStatus.AWARDED)
    ).distinct()
    return Overview(
        whole_programme=whole,
        years=year_rows,
        calls=call_rows,
        offices_supported=supported.count(),
        offices_operational=supported.filter(status=OfficeStatus.OPERATIONAL).count(),
        totals=totals,
    )


class Stage:
    APPLIED = "applied"
    AWARDED = "awarded"
    PREMISES = "premises"
    OPERATIONAL = "operational"


@dataclass
class Lifecycle:
    office: Office
    applied_on: dt.date | None = None
    awarded_on: dt.date | None = None
    premises_on: dt.date | None = None
    operational_on: dt.date | None = None
    grants: Decimal = ZERO

    @property
    def stage(self) -> str:
        """Return the furthest step the office reached."""
        if self.operational_on is not None:
            return Stage.OPERATIONAL
        if self.premises_on is not None:
            return Stage.PREMISES
        if self.awarded_on is not None:
            return Stage.AWARDED
        return Stage.APPLIED


def office_lifecycles(user: AnyUser) -> list[Lifecycle]:
    """Return each visible office's way from its first application to operational: applied
    (first submission), awarded (first award), premises (first premises expense accepted),
    operational (the office's opening, once it is operational)."""
    applications = applications_visible_to(user)
    rows: dict[int, Lifecycle] = {}
    offices = Office.objects.filter(funding_applications__in=applications).distinct()
    for office in offices.order_by("name_fr"):
        rows[office.pk] = Lifecycle(
            office=office,
            operational_on=office.opened_on if office.status == OfficeStatus.OPERATIONAL else None,
        )
    for applied in applications.values("office").annotate(first=Min("submitted_at")):
        rows[applied["office"]].applied_on = timezone.localdate(applied["first"])
    for awarded in (
        Decision.objects.filter(application__in=applications, awarded=True)
        .values("application__office")
        .annotate(first=Min("decided_on"))
    ):
        rows[awarded["application__office"]].awarded_on = awarded["first"]
    for granted in (
        Grant.objects.filter(application__in=applications)
        .values("application__office")
        .annotate(total=Sum("amount"))
    ):
        rows[granted["application__office"]].grants = granted["total"]
    for premises in (
        Expense.objects.filter(
            grant__application__in=applications,
            kind=LineKind.PREMISES,
            status=ExpenseStatus.ACCEPTED,
        )
        .values("grant__application__office")
        .annotate(first=Min("reviewed_on"))
    ):
        rows[premises["grant__application__office"]].premises_on = premises["first"]
    return list(rows.values())


@dataclass
class CriterionScores:
    criterion_id: int
    scores: list[Score]

    @property
    def average(self) -> Decimal | None:
        if not self.scores:
            return None
        return (Decimal(sum(s.score for s in self.scores)) / len(self.scores)).quantize(
            Decimal("0.1")
        )


def weighted_score(application: Application) -> Decimal | None:
    """Return the application's score out of 100: each criterion's average over its
    maximum, weighed; None before any score."""
    criteria = list(application.call.criteria.all())
    by_criterion: dict[int, list[int]] = defaultdict(list)
    for score in application.scores.all():
        by_criterion[score.criterion_id].append(score.score)
    if not by_criterion:
        return None
    total_weight = sum(c.weight for c in criteria)
    points = sum(
        Decimal(c.weight) * Decimal(sum(by_criterion[c.pk])) / len(by_criterion[c.pk]) / c.max_score
        for c in criteria
        if by_criterion[c.pk]
    )
    return (Decimal(100) * points / total_weight).quantize(Decimal("0.1"))


def scores_by_criterion(application: Application) -> list[tuple[Criterion, CriterionScores]]:
    """Return each criterion of the call with the scores given on it, evaluators named."""
    scores = list(application.scores.select_related("evaluator"))
    return [
        (
            criterion,
            CriterionScores(criterion.pk, [s for s in scores if s.criterion_id == criterion.pk]),
        )
        for criterion in application.call.criteria.all()
    ]
