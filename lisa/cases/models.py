"""Multi-agency cases: one or more reports worked by several organisations, a task each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import AppendOnlyModel, UndeletableModel


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "open")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class Case(UndeletableModel):
    """Joint work of an office's partners on one problem (a dispute, a building, a street)."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    reports = models.ManyToManyField(
        "reports.Report",
        verbose_name=_("reports"),
        through="CaseReport",
        related_name="cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["office", "status"], name="case_office_status")]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"


class CaseReport(UndeletableModel):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT)
    report = models.ForeignKey("reports.Report", verbose_name=_("report"), on_delete=models.PROTECT)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("report of a case")
        verbose_name_plural = _("reports of a case")
        constraints = [
            models.UniqueConstraint(fields=["case", "report"], name="case_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.report_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "to do")
    DONE = "done", pgettext_lazy("task status", "done")


class Task(UndeletableModel):
    """What one organisation does for a case; that organisation alone closes it."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="tasks"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    description = models.TextField(_("what to do"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organisation", "status"], name="task_org_status")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.organisation_id}: {self.description[:40]}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("case opened")
    REPORT_ADDED = "report_added", _("report added")
    TASK_ADDED = "task_added", _("task given")
    TASK_DONE = "task_done", _("task done")
    CLOSED = "closed", _("case closed")
    REOPENED = "reopened", _("case reopened")


class CaseEvent(AppendOnlyModel):
    """One step in a case's own history; rows are appended, never changed."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseEventKind.choices)
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    text = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_kind_display()}"
