"""What every back-office page shows around its content: who is working, in which role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from lisa.accounts.models import Role
from lisa.accounts.selectors import memberships_of, scope_for
from lisa.backoffice.access import active_membership
from lisa.dashboards.selectors import has_dashboard
from lisa.funding.selectors import sees_funding


def work(request: HttpRequest) -> dict[str, Any]:
    """Add `work`: memberships, the active one and what the menu offers (computed lazily)."""

    def build() -> dict[str, Any]:
        user = request.user
        if not user.is_authenticated:
            return {}
        memberships = memberships_of(user)
        active = active_membership(request)
        scope = scope_for(user)
        return {
            "memberships": memberships,
            "active": active,
            "is_desk": any(m.role == Role.FRONT_DESK_AGENT for m in memberships),
            "can_field_report": scope.is_partner_staff,
            "has_cases": scope.is_partner_staff,
            "keeps_offices": bool(scope.coordinator_office_ids) or scope.is_administrator,
            "has_events": bool(scope.partner_office_ids),
            "has_meetings": scope.is_partner_staff,
            "sees_funding": sees_funding(user),
            "has_dashboards": has_dashboard(user),
        }

    return {"work": SimpleLazyObject(build)}
