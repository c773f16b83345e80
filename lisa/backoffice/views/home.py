"""Where the back office starts: each role lands on its own work."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lisa.accounts.selectors import memberships_of
from lisa.backoffice.access import (
    SESSION_KEY,
    AuthedRequest,
    active_membership,
    landing_for,
    staff_view,
)


@staff_view
def home(request: AuthedRequest) -> HttpResponse:
    """Send the person to the work of the role they are working in."""
    return redirect(landing_for(active_membership(request)))


@staff_view
@require_POST
def switch(request: AuthedRequest) -> HttpResponse:
    """Work in another of one's memberships (another office, organisation or role)."""
    chosen = request.POST.get("membership", "")
    membership = next((m for m in memberships_of(request.user) if str(m.pk) == chosen), None)
    if membership is None:
        messages.error(request, _("Choose one of your roles."))
        return redirect("backoffice:home")
    request.session[SESSION_KEY] = membership.pk
    messages.success(
        request,
        _("You now work as %(role)s, %(organisation)s.")
        % {"role": membership.get_role_display(), "organisation": membership.organisation.name},
    )
    return redirect(landing_for(membership))
