"""Display formats of catalogue §1.9, boundaries included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from reports.formatting import DASH, count, dash, days, hours, ms, multiple, pct, rate, seconds, usd, utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12345.678, "$12,345.68"),
        (1, "$1.00"),
        (1.0, "$1.00"),
        (0.999949, "$0.9999"),  # below $1: 4 decimals, even when it rounds up near 1
        (0.5, "$0.5000"),
        (0.01, "$0.0100"),  # lower bound of the 4-decimal band is inclusive
        (0.0099999, "$0.010000"),  # below 0.01: 6 decimals
        (0.000123456, "$0.000123"),
        (0.0000004, "$0.000000"),
        (0, "$0.00"),
        (0.0, "$0.00"),
        (-12.345, "-$12.35"),  # half-up on the decimal value, sign kept
        (-0.05, "-$0.0500"),
        (Decimal("1234567.891234567890"), "$1,234,567.89"),
        (0.125, "$0.1250"),
        (2.675, "$2.68"),  # half-up, not binary half-even (which gives 2.67)
        (None, DASH),
        (float("nan"), DASH),
        (float("inf"), DASH),
    ],
)
def test_usd(value: object, expected: str) -> None:
    assert usd(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.345, "12.3%"),
        (12.35, "12.4%"),
        (0, "0.0%"),
        (100, "100.0%"),
        (-5.04, "-5.0%"),
        (250.0, "250.0%"),
        (-0.04, "0.0%"),
        (None, DASH),
    ],
)
def test_pct(value: object, expected: str) -> None:
    assert pct(value) == expected


def test_rate_is_a_fraction_shown_as_percent() -> None:
    assert rate(0.9876) == "98.8%"
    assert rate(1) == "100.0%"
    assert rate(0) == "0.0%"
    assert rate(None) == DASH


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (1234567, "1,234,567"), (12.5, "13"), (None, DASH)],
)
def test_count(value: object, expected: str) -> None:
    assert count(value) == expected


def test_ms_seconds_multiple_days() -> None:
    assert ms(1234.5) == "1,235 ms"
    assert ms(0) == "0 ms"
    assert ms(None) == DASH
    assert seconds(12.34) == "12.3 s"
    assert seconds(0.05) == "0.1 s"
    assert seconds(None) == DASH
    assert multiple(2.449) == "2.4×"
    assert multiple(10) == "10.0×"
    assert multiple(None) == DASH
    assert days(6.958333) == "7.0 days"
    assert days(None) == DASH
    assert hours(36.46) == "36.5 h"
    assert hours(None) == DASH


def test_utc_and_dash() -> None:
    assert utc(datetime(2025, 12, 25, 13, 5, 9, tzinfo=UTC)) == "2025-12-25 13:05:09 UTC"
    assert utc("2025-12-25T13:05:09Z") == "2025-12-25 13:05:09 UTC"
    assert utc("2025-12-25T14:05:09+01:00") == "2025-12-25 13:05:09 UTC"
    assert utc(date(2025, 12, 25)) == "2025-12-25"
    assert utc(None) == DASH
    assert dash(None) == DASH
    assert dash("") == DASH
    assert dash("openai") == "openai"
    assert dash(0) == 0
    assert usd(True) == DASH  # a boolean is not an amount
