"""How a delivery is signed, and how its receiver checks it (the tests check it this way).

The signature is HMAC-SHA256, keyed with the webhook's secret, of the timestamp, a dot and
the body's bytes; the timestamp is signed so that an old delivery replayed later is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import time

# A receiver refuses a delivery signed longer ago than this (or this far in the future).
TOLERANCE_SECONDS = 300
PREFIX = "sha256="


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """Return the X-LISA-Signature value of a body sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return PREFIX + digest.hexdigest()


def verify(
    *,
    secret: str,
    timestamp: str,
    signature: str,
    body: bytes,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Return whether the headers' signature is the secret's and the timestamp recent."""
    if not timestamp.isdigit():
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False
    expected = sign(secret=secret, timestamp=int(timestamp), body=body)
    return hmac.compare_digest(expected, signature)
