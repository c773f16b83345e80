"""Forms about a person's own account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from lisa.accounts.tasks import send_password_reset


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, whose e-mail goes out as a task, in each account's own language.

    The answer page is the same whether or not an account has the address, and with a task
    worker it does not wait for the mail server either, so its timing tells little.
    """

    # Django's label reads "Courriel" in French; LISA says "e-mail" everywhere.
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(user_id=user.pk)
