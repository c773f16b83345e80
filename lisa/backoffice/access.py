"""Who is at work in the back office, and in which of their roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from lisa.accounts.models import Membership, Role, User
from lisa.accounts.selectors import memberships_of

SESSION_KEY = "lisa_membership"


class AuthedRequest(HttpRequest):
    """A request of a signed-in person (what `staff_view` lets through)."""

    user: User


def active_membership(request: HttpRequest) -> Membership | None:
    """Return the membership the person chose to work in, else their first one."""
    memberships = memberships_of(request.user)
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


def staff_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Let in signed-in people with at least one role (or a superuser); others see why not."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        assert isinstance(user, User)
        if not memberships_of(user) and not user.is_superuser:
            return render(request, "backoffice/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _page_exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def landing_for(membership: Membership | None) -> str:
    """Return the name of the page where a role's work starts (the queue when in doubt)."""
    if (
        membership is not None
        and membership.role == Role.FRONT_DESK_AGENT
        and _page_exists("backoffice:desk")
    ):
        return "backoffice:desk"
    return "backoffice:queue"


def desk_membership(request: HttpRequest) -> Membership | None:
    """Return the front-desk membership the person registers reports in, if they have one.

    The membership they work in when it is a desk one, else their first desk membership.
    """
    active = active_membership(request)
    if active is not None and active.role == Role.FRONT_DESK_AGENT and active.office_id:
        return active
    return next(
        (
            m
            for m in memberships_of(request.user)
            if m.role == Role.FRONT_DESK_AGENT and m.office_id is not None
        ),
        None,
    )
