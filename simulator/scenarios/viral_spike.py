"""`viral_spike` (§5.4.12): a 72-hour event ending at the window end — a quadratic rise to ×50
and a decay to ×5. Hours above ×10 add rate limits."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "viral_spike"
RATE = 50.0
EVENT_HOURS = 72
RATE_LIMIT_ABOVE = 10.0


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    e = np.arange(grid.hours, dtype=np.float64) - (grid.hours - EVENT_HOURS)
    rise = 1 + 49 * ((e - 24) / 24) ** 2
    decay = 5 + 45 * (1 - (e - 48) / 24) ** 2
    return np.where(e < 24, 1.0, np.where(e < 48, rise, decay))


def extra_rate_limit(m: np.ndarray) -> np.ndarray:
    return m > RATE_LIMIT_ABOVE
