"""Meetings of an office: partnership meetings with its organisations, thematic meetings and
activities with residents; their agenda, minutes, attendance and the action items decided.

Residents register for thematic meetings and activities through a public event
(lisa/events); the meeting keeps what the staff record of it: minutes and attendance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import UndeletableModel


class MeetingKind(models.TextChoices):
    PARTNERSHIP = "partnership", pgettext_lazy("meeting kind", "partnership meeting")
    THEMATIC = "thematic", pgettext_lazy("meeting kind", "thematic meeting")
    ACTIVITY = "activity", pgettext_lazy("meeting kind", "activity with residents")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "planned")
    HELD = "held", pgettext_lazy("meeting status", "held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "cancelled")


class Meeting(UndeletableModel):
    """A meeting an office holds with its partner organisations, or with residents."""

    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    invited = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="meeting_invitations",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("public event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("Where residents register, for a thematic meeting or an activity."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    present = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("organisations present"),
        blank=True,
        related_name="meetings_attended",
    )
    residents_present = models.PositiveIntegerField(_("residents present"), null=True, blank=True)
    agenda_prepared_at = models.DateTimeField(_("agenda prepared"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("scheduled"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["office", "starts_at"], name="meeting_office_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} · {self.title}"


class AgendaKind(models.TextChoices):
    ACTION_ITEM = "action_item", pgettext_lazy("agenda item", "open action item")
    CASE = "case", pgettext_lazy("agenda item", "open multi-agency case")
    OVERDUE_REPORT = "overdue_report", pgettext_lazy("agenda item", "overdue report")
    HOT_SPOT = "hot_spot", pgettext_lazy("agenda item", "hot spot")


class AgendaItem(models.Model):
    """One point of a meeting's agenda, as it stood when the agenda was prepared.

    Prepared again while the meeting is planned (the rows are replaced); kept as they are
    once it is held.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_item = models.ForeignKey(
        "meetings.ActionItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "reports.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A hot spot: where (the latest report's address), and how many reports in 30 days.
    place = models.CharField(_("place"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("reports"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.position} · {self.kind}"


class ActionItem(UndeletableModel):
    """A decision of a meeting: what an organisation does, by when; carried until done."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    # The meeting's office, kept on the row: the next agenda lists the office's open items.
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("what to do"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_note = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["office", "done_at"], name="action_item_office_done")]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.due_on} · {self.text[:40]}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
