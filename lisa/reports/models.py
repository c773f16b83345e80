from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.names import TranslatedName, pick_translation


class Category(TranslatedName):
    """A problem type residents report, possibly a sub-category of another."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Reports never appear on the public map (e.g. neighbourhood disputes)."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"),
        default=10,
        help_text=_("Working days, Belgian public holidays excluded, to resolve a report."),
    )
    questions = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_("Asked when reporting; the answers can steer routing."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]

    def clean(self) -> None:
        from lisa.reports.questions import check_questions

        try:
            check_questions(self.questions)
        except ValueError as error:
            raise ValidationError({"questions": str(error)}) from error

    def lineage(self) -> list[Category]:
        """Return this category and its ancestors, nearest first."""
        chain: list[Category] = []
        category: Category | None = self
        while category is not None and category not in chain:
            chain.append(category)
            category = category.parent
        return chain

    def all_questions(self) -> list[dict[str, Any]]:
        """Return the questions of the category and of its ancestors, outermost first."""
        questions: list[dict[str, Any]] = []
        for category in reversed(self.lineage()):
            questions.extend(category.questions or [])
        return questions


class TargetType(models.TextChoices):
    ORGANISATION = "organisation", _("this organisation")
    COMPETENT = "competent", _("the competent organisation of a kind for the place")
    OFFICE_COORDINATOR = "office_coordinator", _("the coordinator of the office of the place")


class RoutingRule(models.Model):
    """(category, place, answers) → organisation; rules are tried in order, first match wins."""

    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)
    code = models.SlugField(
        _("code"),
        max_length=60,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set on rules loaded from a configuration file; empty for rules made here."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        help_text=_("Empty: any category. A category also covers its sub-categories."),
    )
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        help_text=_("Empty: anywhere."),
    )
    conditions = models.JSONField(
        _("conditions on answers"),
        default=dict,
        blank=True,
        help_text=_('Answers that must match, e.g. {"road": "regional"}.'),
    )
    target_type = models.CharField(
        _("send to"), max_length=30, choices=TargetType.choices, default=TargetType.ORGANISATION
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    target_kind = models.CharField(_("organisation kind"), max_length=30, blank=True)
    target_service = models.SlugField(_("organisation service"), max_length=40, blank=True)
    note_fr = models.CharField(_("note (French)"), max_length=200, blank=True)
    note_nl = models.CharField(_("note (Dutch)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        subject = self.note or self.category or _("any category")
        return f"#{self.position} {subject}"

    @property
    def note(self) -> str:
        return pick_translation(fr=self.note_fr, nl=self.note_nl, en=self.note_en)

    def clean(self) -> None:
        from lisa.accounts.models import OrganisationKind

        if self.target_type == TargetType.ORGANISATION and not self.organisation_id:
            raise ValidationError({"organisation": _("Choose the organisation.")})
        if self.target_type == TargetType.COMPETENT and (
            self.target_kind not in OrganisationKind.values
        ):
            raise ValidationError({"target_kind": _("Choose the kind of organisation.")})
        if not isinstance(self.conditions, dict):
            raise ValidationError({"conditions": _("Conditions are a JSON object.")})


class Channel(models.TextChoices):
    WEB = "web", _("web")
    DESK = "desk", _("desk")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    FIELD = "field", _("field")


class Status(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting for a third party")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")
    REJECTED = "rejected", _("rejected")
    DUPLICATE = "duplicate", _("duplicate")
    TRANSFERRED = "transferred", _("transferred")


OPEN_STATUSES = (
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.WAITING,
    Status.REOPENED,
)


class Report(models.Model):
    """One problem at one place, and where it stands."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    # The located areas are stored on the row so that lists filter without geometry.
    municipality = models.ForeignKey(
        "geo.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_zone = models.ForeignKey(
        "geo.Area",
        verbose_name=_("police zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "geo.Area",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    is_public = models.BooleanField(_("public"), default=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("handling organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    routing_rule = models.ForeignKey(
        RoutingRule,
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # Why this organisation: the step, rule and objects involved, rendered in the
    # reader's language by lisa.reports.routing.explain_reason.
    routing_reason = models.JSONField(_("routing reason"), default=dict, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    language = models.CharField(_("language"), max_length=2, default="fr")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("registered at office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_reports",
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="report_status_deadline"),
            models.Index(fields=["municipality", "status"], name="report_municipality_status"),
            models.Index(fields=["neighbourhood", "status"], name="report_nbh_status"),
            models.Index(fields=["police_zone", "status"], name="report_zone_status"),
            models.Index(fields=["office", "status"], name="report_office_status"),
            models.Index(fields=["organisation", "status"], name="report_org_status"),
            models.Index(fields=["category", "created_at"], name="report_category_created"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReporterRole(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    SUPPORTER = "supporter", _("supporter")


class Reporter(models.Model):
    """A resident behind a report; contact details live here, apart from the report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="reporters"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=ReporterRole.choices, default=ReporterRole.REPORTER
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    consents_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    follow_token_hash = models.CharField(_("follow token (hashed)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.report.reference}"


class AppendOnlyError(Exception):
    pass


class StatusChange(models.Model):
    """One step in a report's history; rows are appended, never changed."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("handling organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    public_message = models.TextField(_("message to the resident"), blank=True)
    reason = models.TextField(_("internal reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="statuschange_report_at")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status or '∅'} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The history of a report is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("The history of a report is never edited.")


class ReferenceCounter(models.Model):
    """The last number given in a year, for references such as BXL-2026-000123."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
