"""`steady_growth` (§5.4.11): volume doubles linearly over the window, m = 1 + p."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "steady_growth"
RATE = 60.0


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return 1 + grid.p
