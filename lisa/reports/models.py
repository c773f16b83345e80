from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.accounts.models import OrganisationKind
from lisa.append_only import (
    AppendOnlyError,
    AppendOnlyModel,
    AppendOnlyQuerySet,
    UndeletableModel,
    UndeletableQuerySet,
    refusal,
)
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
        on_delete=models.PROTECT,
        related_name="routing_rules",
        help_text=_("Empty: any category. A category also covers its sub-categories."),
    )
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
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
        on_delete=models.PROTECT,
        related_name="routing_rules",
    )
    target_kind = models.CharField(
        _("organisation kind"), max_length=30, choices=OrganisationKind.choices, blank=True
    )
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
# Reports that stand for no problem of their own on a public map or list.
HIDDEN_STATUSES = (Status.DUPLICATE, Status.REJECTED)


class Report(models.Model):
    """One problem at one place, and where it stands."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    # The foreign keys that lead a composite index in Meta.indexes have no index
    # of their own (db_index=False): the composite serves their lookups and the
    # checks made when the row they point to is deleted.
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
        db_index=False,
    )
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    # The coarse grid cell of the point (lisa.lib.geometry.report_cell): the reports near a
    # new one are found through an index, not by measuring every report of the category.
    grid_cell = models.BigIntegerField(_("grid cell"), default=0, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # The located areas are stored on the row so that lists filter without geometry.
    municipality = models.ForeignKey(
        "geo.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    police_zone = models.ForeignKey(
        "geo.Area",
        verbose_name=_("police zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    neighbourhood = models.ForeignKey(
        "geo.Area",
        verbose_name=_("neighbourhood"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        db_index=False,
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
        db_index=False,
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
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("split from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The report this one was split from (one visit, several problems)."),
    )
    # Who works on it inside the handling organisation; the history keeps every change.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    assigned_team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("assigned team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at_office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("registered at office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_reports",
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Reports are never deleted; the retention job anonymises them instead.
    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [
            # The back office's lists, each a page read straight off an index in
            # its order, with no sort (bench/queue_query.py measures them):
            # - an organisation's queue: its open reports, the nearest deadline
            #   first. Partial: only open reports, a fifth of the table, are in
            #   it. The overdue filter is a range of the index; the category,
            #   place, assignee, date and text filters are checked along it, in
            #   order, until the page is full.
            models.Index(
                fields=["organisation", "deadline", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_org_open_deadline",
            ),
            # - the same queue narrowed to one status ("new", to acknowledge):
            #   the status's reports are in deadline order there. The one above
            #   cannot serve it in order, and report_org_status (all statuses,
            #   kept for the closed ones and for deletion checks) needs a sort.
            models.Index(
                fields=["organisation", "status", "deadline", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_org_open_status",
            ),
            # - the same queue sorted by date (newest or oldest first) or by
            #   reference, for the first page as for a deep one: the page's ids
            #   are read off these alone (lisa.reports.selectors.queue_page),
            #   which is why they end with the id.
            models.Index(
                fields=["organisation", "created_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_org_open_created",
            ),
            models.Index(
                fields=["organisation", "reference", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_org_open_reference",
            ),
            # - an office's queue (coordinators, desks): its open reports, the
            #   nearest deadline first.
            models.Index(
                fields=["office", "deadline", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="report_office_open_deadline",
            ),
            # - an office's reports, the newest first, closed ones included.
            #   Partial: most reports are in no office's catchment.
            models.Index(
                fields=["office", "-created_at", "-id"],
                condition=models.Q(office__isnull=False),
                name="report_office_created",
            ),
            # - a municipality's reports, the newest first. Every report has a
            #   municipality, so there is nothing to leave out.
            models.Index(
                fields=["municipality", "-created_at", "-id"], name="report_municipality_created"
            ),
            models.Index(fields=["status", "deadline"], name="report_status_deadline"),
            models.Index(fields=["municipality", "status"], name="report_municipality_status"),
            models.Index(fields=["neighbourhood", "status"], name="report_nbh_status"),
            models.Index(fields=["police_zone", "status"], name="report_zone_status"),
            models.Index(fields=["office", "status"], name="report_office_status"),
            models.Index(fields=["organisation", "status"], name="report_org_status"),
            models.Index(fields=["category", "created_at"], name="report_category_created"),
            # The public map (lisa/reports/public_map.py): the reports the public may see,
            # by latitude, with every column its filters and its grid read. A viewport is
            # a range of it and the whole region one pass over it, both without the table
            # (an index-only scan on PostgreSQL; SQLite ignores INCLUDE). Its condition is
            # public_reports()'s, so that the planner knows the index holds them all.
            models.Index(
                fields=["lat", "lon"],
                include=["category", "status", "created_at", "municipality", "id"],
                condition=models.Q(is_public=True) & ~models.Q(status__in=HIDDEN_STATUSES),
                name="report_public_map",
            ),
            # - the same, by date: the period filter of the map is a range of it.
            models.Index(
                fields=["created_at"],
                include=["lat", "lon", "category", "status", "municipality", "id"],
                condition=models.Q(is_public=True) & ~models.Q(status__in=HIDDEN_STATUSES),
                name="report_public_map_created",
            ),
            # - the reports near a new one, of its category: a few cells of the grid.
            models.Index(
                fields=["category", "grid_cell", "status_changed_at"], name="report_category_cell"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))


class ReporterRole(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    SUPPORTER = "supporter", _("supporter")


class Reporter(models.Model):
    """A resident behind a report; contact details live here, apart from the report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="reporters"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=ReporterRole.choices, default=ReporterRole.REPORTER
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    consents_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    follow_token_hash = models.CharField(_("follow token (hashed)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"))

    # Contact details may be corrected (and later anonymised), never deleted.
    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.report.reference}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))


class StatusChange(models.Model):
    """One step in a report's history; rows are appended, never changed."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="history",
        db_index=False,  # statuschange_report_at serves it
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
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    public_message = models.TextField(_("message to the resident"), blank=True)
    reason = models.TextField(_("internal reason"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["report", "at"], name="statuschange_report_at"),
            # Open311's servicerequestupdates: the updates of a span of time, in time order.
            models.Index(fields=["at", "id"], name="statuschange_at"),
        ]

    def __str__(self) -> str:
        # The reference only when the report is loaded: long lists (the admin's
        # "protected objects") would otherwise run a query per row.
        loaded = StatusChange.report.is_cached(self)
        report = self.report.reference if loaded else f"#{self.report_id}"
        before = self.get_from_status_display() or "∅"
        return f"{report}: {before} → {self.get_to_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(refusal(type(self), "UPDATE"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))


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


class ActivityKind(models.TextChoices):
    ASSIGNED = "assigned", _("assigned")
    LINKED = "linked", _("linked to another report")
    SPLIT = "split", _("split into a new report")
    SPLIT_FROM = "split_from", _("split from another report")
    ATTACHMENT_ADDED = "attachment_added", _("attachment added")
    ATTACHMENT_SHOWN = "attachment_shown", _("attachment made public")
    ATTACHMENT_HIDDEN = "attachment_hidden", _("attachment made internal")
    SUPPORTERS_MERGED = "supporters_merged", _("reporters of a duplicate joined")
    ADDED_TO_CASE = "added_to_case", _("added to a case")
    SUPPORTER_JOINED = "supporter_joined", _("a resident added their voice")
    RESIDENT_UPDATE = "resident_update", _("a resident wrote through another system")


class Activity(AppendOnlyModel):
    """Something that happened to a report besides a status change (assignment, link, …).

    `data` holds a snapshot of the names involved so the history reads the same after
    people, teams or reports change.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
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
    at = models.DateTimeField(_("at"))
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at"], name="activity_report_at")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_kind_display()}"


class Message(AppendOnlyModel):
    """A public message sent to the residents behind a report, outside a status change."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="messages"
    )
    body = models.TextField(_("message"))
    template = models.ForeignKey(
        "ResponseTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("public message")
        verbose_name_plural = _("public messages")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["report", "at"], name="message_report_at"),
            # Open311's servicerequestupdates: the messages of a span of time, in time order.
            models.Index(fields=["at", "id"], name="message_at"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.body[:40]}"


class NoteVisibility(models.TextChoices):
    ORGANISATION = "organisation", _("my organisation")
    OFFICE = "office", _("all partners of the office")
    POLICE = "police", _("police only")


class Note(AppendOnlyModel):
    """An internal note on a report or a case, seen by whom its visibility says."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    visibility = models.CharField(_("visible to"), max_length=20, choices=NoteVisibility.choices)
    # The author's organisation, and the office whose partners share the note.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("note"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["report", "at"], name="note_report_at"),
            models.Index(fields=["case", "at"], name="note_case_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False, case__isnull=True)
                | models.Q(report__isnull=True, case__isnull=False),
                name="note_on_report_or_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_visibility_display()}: {self.body[:40]}"


def attachment_path(attachment: Attachment, filename: str) -> str:
    # A random name: the original one may hold personal data and is kept in a field.
    return f"attachments/{attachment.uploaded_at:%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix}"


class Attachment(UndeletableModel):
    """A photo or document on a report; residents see it only once a handler makes it public."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=attachment_path, max_length=200, blank=True
    )
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown to residents. Check first for faces and number plates."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or str(self.file.name)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReportLink(UndeletableModel):
    """Two reports staff marked as related (the same building, the same dispute)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="+"
    )
    related = models.ForeignKey(
        Report, verbose_name=_("related report"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("related reports")
        verbose_name_plural = _("related reports")
        constraints = [
            # One row per pair, the lower id first.
            models.UniqueConstraint(fields=["report", "related"], name="report_link_unique"),
            models.CheckConstraint(
                condition=models.Q(report__lt=models.F("related")), name="report_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} ↔ {self.related_id}"


class ResponseTemplate(models.Model):
    """A ready-made public message, per category and status, in the three languages.

    `{reference}`, `{category}`, `{organisation}` and `{deadline}` are filled in when sent.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="response_templates",
        help_text=_("Empty: any category. A category also covers its sub-categories."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("The status the message goes with; empty: a message at any time."),
    )
    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_nl = models.CharField(_("title (Dutch)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    body_fr = models.TextField(_("text (French)"))
    body_nl = models.TextField(_("text (Dutch)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_translation(fr=self.title_fr, nl=self.title_nl, en=self.title_en)

    def body_in(self, language: str) -> str:
        return pick_translation(
            fr=self.body_fr, nl=self.body_nl, en=self.body_en, language=language
        )


class InfoRequest(UndeletableModel):
    """A question staff ask the resident, answered once through a link sent by e-mail."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="info_requests"
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
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
    asked_at = models.DateTimeField(_("asked"))
    expires_at = models.DateTimeField(_("answer before"))
    token_hash = models.CharField(_("answer token (hashed)"), max_length=64, unique=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.question[:40]}"


class PublicMapCell(models.Model):
    """The public reports of one cell of the map's grid at a zoom, per category, status, place.

    Derived data, not part of the record: public_map_refresh() rebuilds the whole table from
    public_reports(), so that the map's low zooms add up a few thousand rows instead of a
    million reports (docs/adr/0012-public-map-aggregation.md).
    """

    row = models.IntegerField(_("row"))
    column = models.IntegerField(_("column"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    municipality = models.ForeignKey(
        "geo.Area", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(_("reports"))
    # Sums rather than means, so that cells add up into larger ones exactly.
    lat_sum = models.FloatField(_("sum of latitudes"))
    lon_sum = models.FloatField(_("sum of longitudes"))
    # The same on every row: the map trusts the cells while they are recent enough.
    refreshed_at = models.DateTimeField(_("refreshed"))
    zoom = models.PositiveSmallIntegerField(_("zoom"))

    class Meta:
        verbose_name = _("public map cell")
        verbose_name_plural = _("public map cells")
        indexes = [
            models.Index(fields=["zoom", "row", "column"], name="publicmapcell_zoom_row_column")
        ]

    def __str__(self) -> str:
        return f"{self.row},{self.column}: {self.count}"


class Satisfaction(AppendOnlyModel):
    """A resident's answer to "how satisfied are you?" about their resolved report.

    Answers are appended: a resident who answers again adds a row, and the latest one counts.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="satisfactions"
    )
    reporter = models.ForeignKey(
        Reporter, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score (1 to 5)"))
    comment = models.TextField(_("comment"), blank=True)
    # "link": one click in the e-mail; "page": the form of the follow page.
    via = models.CharField(_("answered through"), max_length=10)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "reporter", "at"], name="satisfaction_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="satisfaction_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.score}/5"


class ReopenDecision(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class ReopenRequest(UndeletableModel):
    """A resident's "not solved": they ask the handling organisation to reopen the report.

    The request is kept; its decision (accepted, declined with a reason) is filled in once.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="reopen_requests"
    )
    reporter = models.ForeignKey(
        Reporter, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why it is not solved"))
    asked_at = models.DateTimeField(_("asked"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation asked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=ReopenDecision.choices,
        default=ReopenDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    answer = models.TextField(_("answer to the resident"), blank=True)

    class Meta:
        verbose_name = _("request to reopen")
        verbose_name_plural = _("requests to reopen")
        ordering = ["asked_at", "id"]
        indexes = [
            models.Index(
                fields=["report"],
                condition=models.Q(decision="pending"),
                name="reopen_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_decision_display()}"
