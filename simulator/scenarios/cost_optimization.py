"""`cost_optimization` (§5.4.9): each provider's traffic shifts from its dearest frontier model to
its cheapest fast model with probability 0.8p (blended ranking of §4.4)."""

from __future__ import annotations

import numpy as np

from simulator.catalogue import Catalogue
from simulator.timegrid import HourGrid

NAME = "cost_optimization"
RATE = 110.0
MAX_SHIFT = 0.8


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return np.ones(grid.hours)


def override_model(cat: Catalogue, p: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """Model code per call: provider by market weight, then cheap fast (prob 0.8p) or dear frontier."""
    w = cat.provider_weight / cat.provider_weight.sum()
    provider = np.searchsorted(np.cumsum(w), gen.random(len(p)), side="right").clip(0, len(w) - 1)
    cheap = np.array([cat.cheapest_fast(i) for i in range(len(w))])
    dear = np.array([cat.dearest_frontier(i) for i in range(len(w))])
    return np.where(gen.random(len(p)) < MAX_SHIFT * p, cheap[provider], dear[provider])
