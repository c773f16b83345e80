"""E-mails about a person's own account, sent outside the request."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from lisa.accounts.models import User


@task()
def send_password_reset(*, user_id: int) -> None:
    """E-mail a person a link to choose a new password, in their language.

    The link is made here, in the worker, so no token waits in the task queue, and it starts
    from SITE_URL, never from the Host header of the request that asked for it.
    """
    user = User.objects.get(pk=user_id)
    if not user.is_active or not user.email:
        return
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": settings.SITE_URL.rstrip("/") + path,
        "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
    }
    with translation.override(user.language):
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
