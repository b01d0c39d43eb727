"""`seasonal` (§5.4.2): a weekly and a 30-day cycle that follow the calendar, not the window."""

from __future__ import annotations

import numpy as np

from simulator.timegrid import HourGrid

NAME = "seasonal"
RATE = 80.0


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    week = 1 + 0.3 * np.sin(2 * np.pi * grid.hour_of_week / 168)
    month = 1 + 0.2 * np.sin(2 * np.pi * (grid.epoch_hour % 720) / 720)
    return week * month
