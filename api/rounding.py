"""Response rounding of catalogue §7.4: money 6 decimals, rates 4, durations 1; marts keep full precision."""

from __future__ import annotations


def money(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def rate(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def duration(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def count(value: int | float | None) -> int:
    return 0 if value is None else int(value)
