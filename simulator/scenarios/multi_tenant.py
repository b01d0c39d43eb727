"""`multi_tenant` (§5.4.4): m = 1, customers weighted by their organization's size factor."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "multi_tenant"
RATE = 100.0
WEIGHT_BY_ORG_SIZE = True


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return np.ones(grid.hours)
