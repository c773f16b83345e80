"""Signing out and passwords: Django's views, with what LISA adds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lisa.accounts.actions import sign_in_unlock
from lisa.accounts.forms import PasswordResetForm


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only) and say so on the home page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are signed out."))
        return response


class _PlainLabels:
    """Labels without Django's trailing colon, like the sign-in form's."""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "label_suffix": ""}  # type: ignore[misc]


class PasswordResetView(_PlainLabels, auth_views.PasswordResetView):
    form_class = PasswordResetForm


class PasswordResetConfirmView(_PlainLabels, auth_views.PasswordResetConfirmView):
    """Set the new password, then lift a sign-in lock-out: the person proved who they are."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        sign_in_unlock(username=form.user.get_username())
        return response


class PasswordChangeView(_PlainLabels, auth_views.PasswordChangeView):
    pass
