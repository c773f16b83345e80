"""An in-process cache rebuilt when the data behind it changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class StampedCache(Generic[T]):
    """Hold a value built from the database until its stamp changes.

    `invalidate()` drops the value at once (writes in this process call it);
    every `recheck_seconds` the stamp, a cheap query such as (count, last
    update), is compared again so that writes made by other processes are
    picked up too.
    """

    def __init__(
        self,
        build: Callable[[], T],
        stamp: Callable[[], Hashable],
        recheck_seconds: Callable[[], float],
    ):
        self._build = build
        self._stamp = stamp
        self._recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._value: T | None = None
        self._value_stamp: Hashable = None
        self._checked_at = 0.0

    def get(self) -> T:
        value = self._value
        now = time.monotonic()
        if value is not None and now - self._checked_at < self._recheck_seconds():
            return value
        with self._lock:
            stamp = self._stamp()
            if self._value is None or stamp != self._value_stamp:
                self._value = self._build()
                self._value_stamp = stamp
            self._checked_at = time.monotonic()
            return self._value

    def invalidate(self) -> None:
        with self._lock:
            self._value = None
