"""Bar charts drawn on the server as SVG: each bar carries its label and its number.

A reader without colour, or without the picture, reads the same numbers: every bar is
labelled, is filled with hatching as well as a colour, and the table beside holds them all.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 480
ROW = 22
LABEL_WIDTH = 190
VALUE_WIDTH = 72  # room for seven digits (amounts in euros)
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
LABEL_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: str
    y: int
    text_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def bar_chart(pairs: list[tuple[str, float]], *, limit: int = 15) -> BarChart | None:
    """Return a horizontal bar chart of the first `limit` (label, value) pairs; None if empty."""
    pairs = pairs[:limit]
    if not pairs:
        return None
    top = max(value for _label, value in pairs) or 1
    bars = []
    for index, (label, value) in enumerate(pairs):
        width = BAR_AREA * value / top
        short = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        bars.append(
            Bar(
                label=short,
                full_label=label,
                value=_number(value),
                y=index * ROW + 3,
                text_y=index * ROW + 16,
                width=round(width, 1),
                value_x=round(LABEL_WIDTH + width + 4, 1),
            )
        )
    return BarChart(width=WIDTH, height=len(pairs) * ROW + 4, label_width=LABEL_WIDTH, bars=bars)
