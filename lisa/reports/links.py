"""The resident's links: the follow link given once, and the signed links of later e-mails.

A report's follow token is shown to its resident once (after submitting, in the first
e-mail) and only its hash is kept, so a later e-mail cannot repeat it. It carries instead a
signed link: the resident's row id, signed with the site's secret and salted with that
resident's follow-token hash. It opens the same follow page, and dies with the token: when
the hash is cleared (anonymisation) or replaced, every signed link of that resident stops
working. See docs/adr/0011-follow-links.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from lisa.reports.models import Reporter

# Neither a raw token (URL-safe base64) nor a signature ever holds it: it tells them apart.
SEPARATOR = "."


def _signer(reporter: Reporter) -> signing.Signer:
    return signing.Signer(salt=f"lisa.follow.{reporter.follow_token_hash}", sep=SEPARATOR)


def signed_follow_token(reporter: Reporter) -> str:
    """Return the signed stand-in of a resident's follow token, "" if they have none."""
    if not reporter.follow_token_hash:
        return ""
    return _signer(reporter).sign(str(reporter.pk))


def is_signed(token: str) -> bool:
    return SEPARATOR in token


def reporter_for_signed(token: str) -> Reporter | None:
    """Return the resident a signed follow token stands for, or None if it is not valid."""
    reporter_id, _sep, _signature = token.partition(SEPARATOR)
    if not reporter_id.isdigit():
        return None
    reporter = (
        Reporter.objects.filter(pk=int(reporter_id))
        .exclude(follow_token_hash="")
        .select_related("report", "report__category", "report__category__parent")
        .first()
    )
    if reporter is None:
        return None
    try:
        _signer(reporter).unsign(token)
    except signing.BadSignature:
        return None
    return reporter


def site_url(path: str) -> str:
    """Return the address of a path of this installation, for e-mails (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def follow_path(token: str, language: str) -> str:
    """Return the path of a follow link (a token or its signed stand-in), in a language."""
    with translation.override(language):
        return reverse("follow-report", args=[token])


def follow_url(reporter: Reporter, *, language: str | None = None) -> str:
    """Return the absolute follow link for a later e-mail, in the resident's language."""
    token = signed_follow_token(reporter)
    if not token:
        return ""
    return site_url(follow_path(token, language or reporter.language))


def rating_urls(reporter: Reporter) -> list[tuple[int, str]]:
    """Return the five one-click links of "how satisfied are you?", from 1 to 5."""
    token = signed_follow_token(reporter)
    if not token:
        return []
    with translation.override(reporter.language):
        return [
            (score, site_url(reverse("follow-rate", args=[token, score]))) for score in range(1, 6)
        ]


def not_solved_url(reporter: Reporter) -> str:
    token = signed_follow_token(reporter)
    if not token:
        return ""
    with translation.override(reporter.language):
        return site_url(reverse("follow-not-solved", args=[token]))
