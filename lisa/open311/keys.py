"""API keys: made by `api_key_create` (the key is shown once), checked by `api_key_for`."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.errors import LisaError
from lisa.open311.models import SCOPES, ApiKey, KeyUse

PREFIX_LENGTH = 8


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedKey:
    api_key: ApiKey
    # Given once to whoever asked for it; only its hash is kept.
    key: str


@transaction.atomic
def api_key_create(
    *,
    name: str,
    organisation: Organisation | None = None,
    scopes: Iterable[str],
    user: User | None = None,
) -> CreatedKey:
    """Make a new key with the given scopes ("read", "write") and return it once."""
    name = (name or "").strip()
    if not name:
        raise LisaError("name_required", _("Please give the key a name."), field="name")
    chosen = sorted({scope.strip() for scope in scopes if scope.strip()})
    unknown = [scope for scope in chosen if scope not in SCOPES]
    if unknown or not chosen:
        raise LisaError(
            "invalid_scopes",
            _("The scopes are %(scopes)s.") % {"scopes": ", ".join(SCOPES)},
            field="scopes",
        )
    key = secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        name=name,
        organisation=organisation,
        user=user,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        scopes=chosen,
    )
    return CreatedKey(api_key=api_key, key=key)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Refuse the key from now on; the row stays (reports may name it)."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def api_key_for(key: str, *, scope: str) -> ApiKey | None:
    """Return the active key `key` if it has `scope`, else None (unknown, revoked, too weak)."""
    key = (key or "").strip()
    if len(key) < PREFIX_LENGTH:
        return None
    wanted = key_hash(key)
    for candidate in ApiKey.objects.filter(prefix=key[:PREFIX_LENGTH], revoked_at=None):
        # Compared in constant time, so that the answer's delay tells nothing of the hash.
        if hmac.compare_digest(candidate.key_hash, wanted):
            return candidate if scope in candidate.scopes else None
    return None


def key_over_limit(request: HttpRequest, api_key: ApiKey, *, now: float | None = None) -> bool:
    """Count this request of the key and say whether it went over LISA_RATE_API_KEY.

    One statement counts it, whatever the number of server processes: the key's row for the
    current period is created or incremented at once, so two requests never read the same
    count. On PostgreSQL the commit does not wait for the disk: losing the last counts in a
    crash lets a client a few more requests, and saves a disk flush per request.
    """
    limit, seconds = rate_limit(settings.LISA_RATE_API_KEY)
    window = int(now if now is not None else time.time()) // seconds * seconds
    table = connection.ops.quote_name(KeyUse._meta.db_table)
    # The table's name comes from the model, quoted; the values are parameters.
    sql = (
        f"INSERT INTO {table} (api_key_id, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (api_key_id, window_start) DO UPDATE SET count = {table}.count + 1 "
        "RETURNING count"
    )
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost and connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(sql, [api_key.pk, window])
        (count,) = cursor.fetchone()
        if count == 1:
            # The key's first request of a period: its earlier periods are of no more use.
            KeyUse.objects.filter(api_key=api_key, window_start__lt=window).delete()
    return count > limit


_RATE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<length>\d*)(?P<unit>[smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_limit(rate: str) -> tuple[int, int]:
    """Return (requests, seconds) of a rate written "600/m", "50/10s" or "10000/d"."""
    matched = _RATE.match(rate or "")
    if matched is None:
        raise ImproperlyConfigured(
            f"LISA_RATE_API_KEY must read like 600/m or 50/10s, not {rate!r}."
        )
    length = int(matched["length"] or 1) * _UNIT_SECONDS[matched["unit"]]
    return int(matched["count"]), max(length, 1)
