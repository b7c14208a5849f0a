"""Text sparklines: a row of block characters, one per value."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], lo: float | None = None, hi: float | None = None) -> str:
    """One block per value, scaled between ``lo`` and ``hi`` (default: min and max)."""
    if not values:
        return ""
    low = min(values) if lo is None else lo
    high = max(values) if hi is None else hi
    if high <= low:
        return BLOCKS[len(BLOCKS) // 2] * len(values) if lo is None else BLOCKS[0] * len(values)
    out = []
    for v in values:
        share = (min(max(v, low), high) - low) / (high - low)
        out.append(BLOCKS[min(len(BLOCKS) - 1, int(share * len(BLOCKS)))])
    return "".join(out)


def trend(values: Sequence[float]) -> str:
    """A word for where the last value stands against the first."""
    if len(values) < 2:
        return "steady"
    if values[-1] > values[0]:
        return "rising"
    if values[-1] < values[0]:
        return "falling"
    return "steady"
