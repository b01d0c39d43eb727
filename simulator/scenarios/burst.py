"""`burst` (§5.4.3): each hour bursts with probability 0.05 at ×U(5, 20); bursts add rate limits."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "burst"
RATE = 60.0
BURST_PROB = 0.05
BURST_RANGE = (5.0, 20.0)


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    bursting = gen.random(grid.hours) < BURST_PROB
    size = gen.uniform(*BURST_RANGE, grid.hours)
    return np.where(bursting, size, 1.0)


def extra_rate_limit(m: np.ndarray) -> np.ndarray:
    """Burst hours (m > 1) carry the extra 10 % rate-limit chance."""
    return m > 1.0
