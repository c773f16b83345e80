"""Checks that stop a production start-up with settings only a laptop should have."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security)
def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Refuse, with DEBUG off, the console e-mail backend and a missing or demo SECRET_KEY."""
    if settings.DEBUG:
        return []
    errors = []
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL:
        errors.append(
            Error(
                "With DEBUG off, EMAIL_BACKEND is the console: every e-mail, with the "
                "residents' addresses, would be written to the logs.",
                hint=(
                    "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                    "EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                    "EMAIL_USE_TLS; or django.core.mail.backends.dummy.EmailBackend to send "
                    "nothing at all."
                ),
                id="lisa.E001",
            )
        )
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:
        secret_key = ""
    if not secret_key or secret_key == settings.DEMO_SECRET_KEY:
        errors.append(
            Error(
                "With DEBUG off, SECRET_KEY is missing or is the demo's public key.",
                hint=(
                    "Set SECRET_KEY to a long random string, for example the output of: "
                    'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
                ),
                id="lisa.E002",
            )
        )
    return errors
