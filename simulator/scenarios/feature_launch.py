"""`feature_launch` (§5.4.8): the `analysis` feature launches at L = ⌊H ÷ 4⌋ and is adopted along
a logistic curve. While this stream is selected no stream produces `analysis` before L.
"""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "feature_launch"
RATE = 70.0
FEATURE = "analysis"
PEAK_ADOPTION = 0.6


def launch_hour(hours: int) -> int:
    return hours // 4


def adoption(hours: int, h: np.ndarray) -> np.ndarray:
    """A(h) = 0.6 ÷ (1 + e^(−5(q − 0.5))), q = (h − L) ÷ (H − L), for h ≥ L; 0 before."""
    launch = launch_hour(hours)
    q = (h - launch) / max(hours - launch, 1)
    return np.where(h >= launch, PEAK_ADOPTION / (1 + np.exp(-5 * (q - 0.5))), 0.0)


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    h = np.arange(grid.hours)
    return np.where(h >= launch_hour(grid.hours), 1 + 0.8 * adoption(grid.hours, h), 1.0)


def relabel(hours: int, h: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """True for calls of this stream relabelled `analysis` (probability A(h) from L)."""
    return gen.random(len(h)) < adoption(hours, h)
