"""Reports sent on to an organisation's own Open311 system, and every attempt to do so."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import AppendOnlyModel, UndeletableModel

# A service code as GeoReport v2 servers name them: no spaces, no commas (lists are comma lists).
SERVICE_CODE = re.compile(r"^[A-Za-z0-9_.:\-]{1,100}$")


class StatusSource(models.TextChoices):
    REQUESTS = "requests", _("GET requests (the status of each forwarded request)")
    UPDATES = "updates", _("GET servicerequestupdates (the updates since the last reading)")
    NONE = "none", _("Not read back")


class ExternalSystem(models.Model):
    """The Open311 server of an organisation that handles its reports in its own system."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="external_system",
        help_text=_("Reports routed or transferred to this organisation are sent to its system."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("What staff read on the report page: “Forwarded to …”."),
    )
    endpoint = models.CharField(
        _("Open311 address"),
        max_length=500,
        help_text=_(
            "The base address of its GeoReport v2 server, ending before requests.json, "
            "e.g. https://example.org/open311/v2/"
        ),
    )
    # Sent with every POST; the admin never shows it again once saved.
    api_key = models.CharField(_("API key"), max_length=500, blank=True)
    jurisdiction_id = models.CharField(
        _("jurisdiction_id"),
        max_length=200,
        blank=True,
        help_text=_("Sent with every request when the other server asks for one."),
    )
    service_codes = models.JSONField(
        _("service codes"),
        default=dict,
        blank=True,
        help_text=_(
            'LISA category code → the other system\'s service code, e.g. {"dumping-bulky": '
            '"BULKY"}. A sub-category without a code of its own uses its parent\'s. A report '
            "in a category without a code is not sent; its page says why."
        ),
    )
    status_source = models.CharField(
        _("statuses read back through"),
        max_length=20,
        choices=StatusSource.choices,
        default=StatusSource.REQUESTS,
        help_text=_("How `manage.py forward_poll` learns that the other system closed a request."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive: new reports are no longer sent; those sent are still read back."),
    )
    # Where the last reading of servicerequestupdates stopped.
    updates_read_until = models.DateTimeField(_("updates read until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("forwarding", "updated at"), auto_now=True)

    class Meta:
        verbose_name = _("external Open311 system")
        verbose_name_plural = _("external Open311 systems")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            URLValidator(schemes=["http", "https"])(self.endpoint)
        except ValidationError:
            errors["endpoint"] = _("Give an http:// or https:// address.")
        problem = service_codes_problem(self.service_codes)
        if problem:
            errors["service_codes"] = problem
        if errors:
            raise ValidationError(errors)

    def url(self, path: str) -> str:
        """Return the address of one resource of the other server, e.g. "requests.json"."""
        return self.endpoint.rstrip("/") + "/" + path


def service_codes_problem(codes: Any) -> str:
    """Return what is wrong with a category → service code map, or ""."""
    from lisa.reports.models import Category

    if not isinstance(codes, dict):
        return str(_('Write the codes as {"category code": "service code", …}.'))
    bad = [
        str(key)
        for key, value in codes.items()
        if not isinstance(value, str) or not SERVICE_CODE.match(value)
    ]
    if bad:
        return str(
            _(
                "These categories have no valid service code (letters, digits, . _ - :, "
                "at most 100): %(codes)s"
            )
            % {"codes": ", ".join(bad)}
        )
    unknown = sorted(set(codes) - set(Category.objects.values_list("code", flat=True)))
    if unknown:
        return str(_("LISA has no category %(codes)s.") % {"codes": ", ".join(unknown)})
    return ""


class ForwardingState(models.TextChoices):
    WAITING = "waiting", _("waiting to be sent")
    ACCEPTED = "accepted", _("accepted, its number awaited")
    SENT = "sent", _("received by the other system")
    NOT_SENT = "not_sent", _("not sent")
    GIVEN_UP = "given_up", _("given up")


class GiveUpReason(models.TextChoices):
    REFUSED = "refused", _("refused by the other system")
    NO_ANSWER = "no_answer", _("no answer after every attempt")
    NOT_UNDERSTOOD = "not_understood", _("an answer with neither a number nor a token")


class Forwarding(UndeletableModel):
    """One report sent (or to be sent) to one external system: its state and its number there."""

    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="forwardings",
    )
    system = models.ForeignKey(
        ExternalSystem,
        verbose_name=_("external system"),
        on_delete=models.PROTECT,
        related_name="forwardings",
    )
    state = models.CharField(
        pgettext_lazy("forwarding", "state"),
        max_length=20,
        choices=ForwardingState.choices,
        default=ForwardingState.WAITING,
    )
    service_code = models.CharField(
        pgettext_lazy("forwarding", "service code"), max_length=100, blank=True
    )
    external_id = models.CharField(_("number in the other system"), max_length=200, blank=True)
    token = models.CharField(pgettext_lazy("forwarding", "token"), max_length=200, blank=True)
    # The last status the other system gave (open, closed, or a FixMyStreet word).
    external_status = models.CharField(_("status there"), max_length=50, blank=True)
    given_up_because = models.CharField(
        _("given up because"), max_length=20, choices=GiveUpReason.choices, blank=True
    )
    # The other system's own words for a refusal.
    problem = models.CharField(pgettext_lazy("forwarding", "problem"), max_length=500, blank=True)
    failures = models.PositiveIntegerField(
        pgettext_lazy("forwarding", "failed attempts"), default=0
    )
    next_attempt_at = models.DateTimeField(
        pgettext_lazy("forwarding", "next attempt"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(pgettext_lazy("forwarding", "updated at"), auto_now=True)

    class Meta:
        verbose_name = _("forwarded report")
        verbose_name_plural = _("forwarded reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "system"], name="forwarding_once_per_system"),
        ]
        indexes = [models.Index(fields=["next_attempt_at"], name="forwarding_due")]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.system_id}"


class AttemptKind(models.TextChoices):
    POST = "post", pgettext_lazy("forwarding", "sent")
    TOKEN = "token", _("number asked for")


class Attempt(AppendOnlyModel):
    """One call to the other system about a forwarded report, whatever came of it."""

    forwarding = models.ForeignKey(
        Forwarding,
        verbose_name=_("forwarded report"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttemptKind.choices)
    at = models.DateTimeField(_("at"))
    http_status = models.PositiveSmallIntegerField(
        pgettext_lazy("forwarding", "HTTP status"), null=True, blank=True
    )
    answer = models.TextField(_("start of the answer"), blank=True)
    error = models.CharField(pgettext_lazy("forwarding", "error"), max_length=2000, blank=True)
    duration_ms = models.PositiveIntegerField(
        pgettext_lazy("forwarding", "duration (ms)"), default=0
    )

    class Meta:
        verbose_name = pgettext_lazy("forwarding", "attempt")
        verbose_name_plural = pgettext_lazy("forwarding", "attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.forwarding_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return self.http_status is not None and 200 <= self.http_status < 300
