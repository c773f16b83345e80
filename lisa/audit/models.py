from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.append_only import AppendOnlyError, AppendOnlyQuerySet, refusal


class AuditAction(models.TextChoices):
    VIEW_PERSONAL_DATA = "view_personal_data", _("viewed personal data")
    CHANGE_PERSONAL_DATA = "change_personal_data", _("changed personal data")
    EXPORT = "export", _("exported data")
    CHANGE_PUBLIC_INFORMATION = "change_public_information", _("changed public information")


class AuditEvent(models.Model):
    """Who looked at or changed what, and why; appended, never edited."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # PROTECT: a user who acted is deactivated, never deleted, so the log keeps its actor.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=50)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_fields = models.CharField(_("fields changed"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.object_label}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(refusal(type(self), "UPDATE"))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(refusal(type(self), "DELETE"))
