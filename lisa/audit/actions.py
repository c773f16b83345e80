from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lisa.accounts.models import User
from lisa.audit.models import AuditAction, AuditEvent
from lisa.errors import LisaError

# Personal data is only opened or changed for a reason the user states.
NEEDS_A_REASON = (AuditAction.VIEW_PERSONAL_DATA, AuditAction.CHANGE_PERSONAL_DATA)
MAX_REASON = 500


def audit_log(
    *,
    user: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    reason: str = "",
    changed_fields: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record that a user accessed or changed an object, and why."""
    reason = reason.strip()
    if action in NEEDS_A_REASON and not reason:
        raise LisaError("reason_required", _("Please state why."), field="reason")
    if len(reason) > MAX_REASON:
        raise LisaError(
            "reason_too_long",
            _("The reason is limited to %(max)s characters.") % {"max": MAX_REASON},
            field="reason",
        )
    return AuditEvent.objects.create(
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        reason=reason,
        changed_fields=",".join(changed_fields)[:300],
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )
