"""API keys of the Open311 server and the JSON API: given once, kept as a hash, revoked but
never deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.append_only import UndeletableModel

READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)


class ApiKey(UndeletableModel):
    """A client application's key. Only its SHA-256 is stored; `prefix` lets people tell
    keys apart in the admin. Revoked (revoked_at set), never removed: reports name it."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    # The person the key acts as in the JSON API (a service account with memberships): it
    # sees and does what that person sees and does on the screens. Without one, the key
    # reads public data only (see docs/adr/0018-partner-api.md).
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("hash of the key"), max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class KeyUse(models.Model):
    """How many requests a key made in one period of LISA_RATE_API_KEY: a counter that
    `key_over_limit` keeps, not a record (a key's old periods are dropped)."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="uses")
    # The start of the period, in seconds since 1970.
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "window_start"], name="keyuse_once")
        ]

    def __str__(self) -> str:
        return f"{self.api_key_id}@{self.window_start}: {self.count}"
