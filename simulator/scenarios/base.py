"""`base` (§5.4.1): steady traffic, m = 1. Planted abuse (§5.9) is taken from this stream."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "base"
RATE = 100.0


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return np.ones(grid.hours)
