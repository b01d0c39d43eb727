"""`timezone` (§5.4.7): three regional populations with their own daily peaks, no hour shaping.

Each call picks a population in proportion to its term at the call's hour; its region follows
the population.
"""

from __future__ import annotations

import numpy as np

from simulator.catalogue import Catalogue
from simulator.timegrid import HourGrid

NAME = "timezone"
RATE = 120.0
SHAPED = False
# population → (weight, peak UTC hour, ((region, share), ...))
POPULATIONS: dict[str, tuple[float, int, tuple[tuple[str, float], ...]]] = {
    "americas": (0.40, 14, (("us-east", 0.6), ("us-west", 0.4))),
    "europe": (0.30, 9, (("eu-west", 1.0),)),
    "asia_pacific": (0.30, 1, (("ap-southeast", 1.0),)),
}


def terms(utc_hour: np.ndarray) -> np.ndarray:
    """(hours, populations) weight × (1 − 0.7·d ÷ 12), d = circular hour distance to the peak."""
    out = []
    for weight, peak, _ in POPULATIONS.values():
        d = np.abs(utc_hour - peak) % 24
        d = np.minimum(d, 24 - d)
        out.append(weight * (1 - 0.7 * d / 12))
    return np.stack(out, axis=1)


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return terms(grid.utc_hour).sum(axis=1)


def override_region(cat: Catalogue, utc_hour: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """Region code per call: population ∝ its term at the hour, then the population's regions."""
    t = terms(utc_hour)
    cum = np.cumsum(t, axis=1)
    u = gen.random(len(utc_hour)) * cum[:, -1]
    population = (u[:, None] >= cum).sum(axis=1).clip(0, len(POPULATIONS) - 1)
    v = gen.random(len(utc_hour))
    region = np.empty(len(utc_hour), dtype=np.int64)
    for i, (_, _, regions) in enumerate(POPULATIONS.values()):
        sel = population == i
        codes = np.array([cat.index("regions", r) for r, _ in regions])
        shares = np.cumsum([s for _, s in regions])
        region[sel] = codes[np.searchsorted(shares, v[sel], side="right").clip(0, len(codes) - 1)]
    return region
