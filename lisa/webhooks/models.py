"""An organisation's webhooks, the events queued for them and every attempt to deliver one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.append_only import AppendOnlyModel, UndeletableModel
from lisa.reports.outbound import Event

EVENT_CHOICES = [
    (Event.CREATED.value, _("Report created")),
    (Event.ROUTED.value, _("Report routed to the organisation")),
    (Event.STATUS_CHANGED.value, _("Status changed")),
    (Event.PUBLIC_MESSAGE.value, _("Public message")),
]


class Webhook(models.Model):
    """An address of an organisation's system that receives the events it chose.

    Once it has deliveries it cannot be removed (they keep it): it is switched off instead.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="webhooks",
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An http:// or https:// address that accepts POST requests."),
    )
    events = models.JSONField(_("events"), default=list)
    # Kept as is: LISA signs each delivery with it. Shown once, when the webhook is added.
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["organisation", "url"]

    def __str__(self) -> str:
        return self.url

    @property
    def secret_hint(self) -> str:
        return f"{self.secret[:6]}…" if self.secret else ""


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("to be sent")
    DELIVERED = "delivered", _("delivered")
    GIVEN_UP = "given_up", _("given up")


class Delivery(UndeletableModel):
    """One event for one webhook: the body as sent, and where its delivery stands."""

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), on_delete=models.PROTECT, related_name="deliveries"
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The JSON exactly as sent (and signed): every attempt sends these bytes.
    body = models.TextField(_("body"))
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"


class Attempt(AppendOnlyModel):
    """One request made for a delivery, and what came back."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.PROTECT, related_name="attempt_log"
    )
    at = models.DateTimeField(_("at"))
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response = models.TextField(_("response (excerpt)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status or self.error}"
