"""Display formats of catalogue §1.9, used as Jinja filters by every page.

The warehouse never rounds (§1.9); rounding happens here, at display time only, and a value
that is missing, NULL or not a finite number is shown as "—" (§1.7), never as 0. Rounding is
half-up on the value's shortest decimal representation, so 0.125 shows as 0.13 the way a reader
expects, not 0.12 as binary half-even would give. Bands (which number of decimals an amount
gets) are decided on the unrounded value (§1.8).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from numbers import Real

DASH = "—"

__all__ = [
    "DASH",
    "FILTERS",
    "count",
    "dash",
    "days",
    "ms",
    "multiple",
    "pct",
    "rate",
    "seconds",
    "usd",
    "utc",
]


def _number(value: object) -> Decimal | None:
    """The value as a Decimal, or None for NULL, NaN, infinity and non-numbers."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, Real):
        as_float = float(value)
        return Decimal(repr(as_float)) if math.isfinite(as_float) else None
    try:
        parsed = Decimal(str(value))
    except InvalidOperation:
        return None
    return parsed if parsed.is_finite() else None


def _fixed(value: Decimal, decimals: int, separators: bool = True) -> str:
    """Half-up rounding to ``decimals`` places, with thousands separators."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never show "-0.0"
    return f"{rounded:,.{decimals}f}" if separators else f"{rounded:.{decimals}f}"


def usd(value: object) -> str:
    """US dollars: ≥ $1 with 2 decimals; $0.01–$1 with 4; smaller non-zero with 6; zero $0.00."""
    number = _number(value)
    if number is None:
        return DASH
    magnitude = abs(number)
    if magnitude == 0:
        return "$0.00"
    decimals = 2 if magnitude >= 1 else 4 if magnitude >= Decimal("0.01") else 6
    text = _fixed(magnitude, decimals)
    negative = number < 0 and text.strip("0.,") != ""
    return f"-${text}" if negative else f"${text}"


def _fixed_format(decimals: int, template: str = "{}", scale: int = 1) -> Callable[[object], str]:
    """A formatter: NULL → dash, else the number × ``scale`` with ``decimals`` places in ``template``.

    The §1.9 display rules differ only in decimals, scale and unit, so they are made here once.
    """

    def fmt(value: object) -> str:
        number = _number(value)
        return DASH if number is None else template.format(_fixed(number * scale, decimals))

    return fmt


# §1.9: percentages already on 0–100 (`_pct`), fractions 0–1 shown as % (`_rate`), counts, …
pct = _fixed_format(1, "{}%")
rate = _fixed_format(1, "{}%", scale=100)
count = _fixed_format(0)
ms = _fixed_format(0, "{} ms")
seconds = _fixed_format(1, "{} s")
multiple = _fixed_format(1, "{}×")
score = _fixed_format(1)  # 0–100 scores (efficiency, health, churn risk)
ratio = _fixed_format(2)  # plain ratios (`_ratio`)
hours = _fixed_format(1, "{} h")
days = _fixed_format(1, "{} days")


def utc(value: object) -> str:
    """A timestamp (datetime or ISO text) as ``YYYY-MM-DD HH:MM:SS UTC`` (§1.3: everything is UTC)."""
    if value is None or value == "":
        return DASH
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        stamp = value.astimezone(UTC) if value.tzinfo else value
        return stamp.strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def dash(value: object) -> object:
    """The value itself, or "—" when it is NULL or an empty string."""
    return DASH if value is None or value == "" else value


FILTERS = {
    "usd": usd,
    "pct": pct,
    "rate": rate,
    "count": count,
    "ms": ms,
    "seconds": seconds,
    "multiple": multiple,
    "score": score,
    "ratio": ratio,
    "hours": hours,
    "days": days,
    "utc": utc,
    "dash": dash,
}
