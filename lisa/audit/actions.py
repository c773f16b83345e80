from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.http import HttpRequest

from lisa.accounts.models import User
from lisa.audit.models import AuditEvent


def audit_log(
    *,
    user: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    reason: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record that a user accessed or changed an object."""
    return AuditEvent.objects.create(
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        reason=reason,
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )
