"""Events of the offices (meetings with residents, activities) and the people who register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import UndeletableModel

# The languages an event can be held in, and a registrant can be written to in.
EVENT_LANGUAGES = ("fr", "nl", "en")


class EventKind(models.TextChoices):
    EVENT = "event", pgettext_lazy("event kind", "event")
    THEMATIC_MEETING = "thematic_meeting", pgettext_lazy("event kind", "thematic meeting")
    ACTIVITY = "activity", pgettext_lazy("event kind", "activity")


class Event(UndeletableModel):
    """Something an office invites residents to, at a time and a place, with or without seats."""

    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty when anyone can come.")
    )
    # Codes of EVENT_LANGUAGES, in the order the office gave them.
    languages = models.JSONField(_("languages"), default=list)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public calendar, open to register.")
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["office", "starts_at"], name="event_office_starts"),
            models.Index(fields=["starts_at"], name="event_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} · {self.title}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "confirmed")
    WAITING = "waiting", pgettext_lazy("registration status", "on the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")


class Registration(UndeletableModel):
    """One person's seat, or place on the waiting list, at an event; cancelled, never removed."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # Only the digest of the cancel link's token: the link itself is in the person's mailbox.
    cancel_token_hash = models.CharField(_("cancel token (hashed)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("registered"))
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            # One seat or waiting place per address and event; after cancelling, one may come back.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="registration_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.get_status_display()}"
