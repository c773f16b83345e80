"""Percentiles that give the same answer whatever database the values came from."""

from __future__ import annotations

import math
from collections.abc import Sequence


def nearest_rank(values: Sequence[float], share: float) -> float | None:
    """Return the smallest value with at least `share` (0 < share <= 1) of them not above it.

    The nearest-rank method: always one of the values, never an interpolation, so a median
    of durations is a duration some report really took. None for no values.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]
