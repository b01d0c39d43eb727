"""`gradual_decline` (§5.4.10): volume falls linearly to 40 % by the window end, m = 1 − 0.6p."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "gradual_decline"
RATE = 100.0


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return 1 - 0.6 * grid.p
