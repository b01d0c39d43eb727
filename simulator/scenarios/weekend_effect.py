"""`weekend_effect` (§5.4.6): Friday afternoons ×0.6 and Monday mornings ×0.7."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "weekend_effect"
RATE = 100.0
FRIDAY_FACTOR = 0.6
MONDAY_FACTOR = 0.7


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    friday_pm = (grid.weekday == 4) & (grid.utc_hour >= 15)
    monday_am = (grid.weekday == 0) & (grid.utc_hour < 10)
    return np.where(friday_pm, FRIDAY_FACTOR, np.where(monday_am, MONDAY_FACTOR, 1.0))
