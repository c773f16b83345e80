"""The regional funding programme: calls for projects, applications, scores, decisions, grants,
tranches, payments and the justification of expenses."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import AppendOnlyModel, UndeletableModel
from lisa.names import TranslatedName

ZERO = Decimal("0.00")


def money_field(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    """Return a field for an amount in euros, to the cent."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class CallStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call status", "draft")
    OPEN = "open", pgettext_lazy("call status", "open")
    CLOSED = "closed", pgettext_lazy("call status", "closed")


class Call(TranslatedName, UndeletableModel):
    """A call for projects of one financial year, with its budget envelope and criteria."""

    financial_year = models.PositiveSmallIntegerField(_("financial year"))
    envelope = money_field(_("budget envelope (EUR)"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["-financial_year", "opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")), name="call_deadline_after"
            ),
            models.CheckConstraint(
                condition=models.Q(envelope__gt=0), name="call_envelope_positive"
            ),
        ]


class Criterion(TranslatedName):
    """What evaluators score an application on, from 0 to its maximum, weighed in the total."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="criterion_position_once"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="criterion_max"),
        ]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "submitted")
    UNDER_EVALUATION = "under_evaluation", pgettext_lazy("application status", "under evaluation")
    AWARDED = "awarded", pgettext_lazy("application status", "awarded")
    REFUSED = "refused", pgettext_lazy("application status", "refused")


class Application(UndeletableModel):
    """A municipality's project for an office, answering a call."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="funding_applications",
        help_text=_("The municipal service that applies, and coordinates the office."),
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    project = models.TextField(_("project"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "office"], name="application_once_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.call.financial_year} · {self.office}"


class LineKind(models.TextChoices):
    PREMISES = "premises", _("premises (purchase, fitting out)")
    EQUIPMENT = "equipment", _("equipment (furniture, computers, signs)")


class BudgetLine(models.Model):
    """An investment the application asks to fund; running costs are the municipality's."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount requested (EUR)"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class Score(AppendOnlyModel):
    """One evaluator's score of one application on one criterion."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["application", "criterion__position", "scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "evaluator"], name="score_once"
            ),
        ]


class Decision(AppendOnlyModel):
    """The award or refusal of an application: taken once, never changed."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    awarded = models.BooleanField(_("awarded"))
    amount = money_field(_("amount awarded (EUR)"), default=ZERO)
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(awarded=True, amount__gt=0) | models.Q(awarded=False, amount=0)
                ),
                name="decision_amount_matches",
            ),
        ]


class Grant(AppendOnlyModel):
    """The subsidy an award grants, paid in tranches against justified expenses."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="grant"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="grant",
    )
    amount = money_field(_("amount (EUR)"))

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")


class Tranche(AppendOnlyModel):
    """A planned part of a grant: how much, and when it should be paid."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="tranches"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    amount = money_field(_("planned amount (EUR)"))
    planned_on = models.DateField(_("planned on"))

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "position"], name="tranche_position_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_positive"),
        ]


class Payment(AppendOnlyModel):
    """Money paid on a tranche: recorded once, never changed."""

    tranche = models.ForeignKey(
        Tranche, verbose_name=_("tranche"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(_("amount paid (EUR)"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
        ]


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("expense status", "to check")
    ACCEPTED = "accepted", pgettext_lazy("expense status", "accepted")
    REFUSED = "refused", pgettext_lazy("expense status", "refused")


class Expense(UndeletableModel):
    """An expense the municipality justifies against its grant, with its invoices."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="expenses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount claimed (EUR)"))
    spent_on = models.DateField(_("spent on"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED
    )
    accepted_amount = money_field(_("amount accepted (EUR)"), null=True, blank=True)
    review_note = models.TextField(_("note of the check"), blank=True)
    reviewed_on = models.DateField(_("checked on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["grant", "spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expense_positive"),
            models.CheckConstraint(
                condition=models.Q(accepted_amount__isnull=True)
                | models.Q(accepted_amount__lte=models.F("amount")),
                name="expense_accepted_within_claim",
            ),
        ]


def document_path(document: Document, filename: str) -> str:
    # A random name: the original one is kept in a field.
    return f"funding/{document.uploaded_at:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix}"


class Document(AppendOnlyModel):
    """A file joined to an application (plans, quotes) or to an expense (invoices)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    expense = models.ForeignKey(
        Expense,
        verbose_name=_("expense"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
