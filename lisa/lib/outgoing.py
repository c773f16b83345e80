"""Requests LISA makes to systems outside it (another Open311 server, a partner's webhook).

One place decides how long LISA waits for them, what it keeps of their answer and when it
tries again after a failure, so that forwarding and webhooks behave the same.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT_SECONDS = 10
# What is kept of an answer, for the log shown to staff.
KEPT_CHARACTERS = 2000
# After a failure: 1, 2, 4, 8 ... minutes, at most 6 hours; given up after MAX_ATTEMPTS,
# about a day after the first.
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Answer:
    # The HTTP status, or None when no answer came (refused, timed out, bad address).
    status: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def send(
    *,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
    timeout: float = TIMEOUT_SECONDS,
) -> Answer:
    """Send one request and return what came back; never raise for a failure of the other side."""
    started = time.monotonic()
    try:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"Not an http(s) address: {url}")
        request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, text, error = response.status, _text(response.read()), ""
    except urllib.error.HTTPError as refused:
        status, text, error = refused.code, _text(refused.read()), str(refused.reason)
    except (urllib.error.URLError, OSError, ValueError) as failure:
        status, text, error = None, "", str(getattr(failure, "reason", failure))
    return Answer(
        status=status,
        body=text,
        error=error[:KEPT_CHARACTERS],
        duration_ms=round((time.monotonic() - started) * 1000),
    )


def next_attempt_at(*, attempts: int, now: dt.datetime) -> dt.datetime | None:
    """Return when to try again after `attempts` failed attempts, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _text(raw: bytes) -> str:
    return raw[: KEPT_CHARACTERS * 4].decode("utf-8", errors="replace")[:KEPT_CHARACTERS]
