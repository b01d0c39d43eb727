"""Helpers shared by the analysis oracles: relative-tolerance comparison of marts with pandas.

The oracles recompute figures independently of dbt, from ``fct_calls`` / ``dim_customers`` rows,
with pandas and numpy only; these helpers just line the two up and compare them with the §1.9
relative tolerance, treating NULL/NaN on both sides as equal.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

REL_TOL = 1e-9


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def close(actual: object, expected: object, rel: float = REL_TOL) -> bool:
    """True when both are missing, or both are numbers within ``rel`` relative tolerance."""
    a_missing, e_missing = _missing(actual), _missing(expected)
    if a_missing or e_missing:
        return a_missing and e_missing
    return math.isclose(float(actual), float(expected), rel_tol=rel, abs_tol=1e-12)


def assert_close(actual: object, expected: object, what: str, rel: float = REL_TOL) -> None:
    """Fail with both values and the figure's name when they differ beyond the tolerance."""
    assert close(actual, expected, rel), f"{what}: mart has {actual!r}, oracle computed {expected!r}"


def assert_frames_close(mart: pd.DataFrame, oracle: pd.DataFrame, keys: list[str], columns: list[str],
                        what: str) -> None:
    """Same keys on both sides, and every listed column close row by row."""
    left = mart.set_index(keys).sort_index()
    right = oracle.set_index(keys).sort_index()
    assert list(left.index) == list(right.index), f"{what}: keys differ:\n{left.index}\n{right.index}"
    for column in columns:
        for key, a, e in zip(left.index, left[column], right[column], strict=True):
            if isinstance(a, (str, bool, np.bool_)) or isinstance(e, (str, bool, np.bool_)):
                assert a == e, f"{what} {key} {column}: mart {a!r}, oracle {e!r}"
            else:
                assert_close(a, e, f"{what} {key} {column}")


def percentile(values: pd.Series, p: float) -> float:
    """§1.6 continuous percentile (numpy's linear method); NaN on no values."""
    clean = values.dropna().to_numpy(dtype=float)
    return float(np.quantile(clean, p)) if clean.size else float("nan")


def ratio(numerator: float, denominator: float) -> float:
    """§1.7: NaN when the denominator is zero or missing."""
    if _missing(denominator) or denominator == 0:
        return float("nan")
    return float(numerator) / float(denominator)
