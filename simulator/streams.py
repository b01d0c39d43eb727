"""Hourly intensities of the selected streams and the exact-size allocation of §5.5.

λ_s(h) = r_s × m_s(h) × shaping(h) × jitter_s(h) × slot fraction; standalone rows are split over
the (stream, hour) cells by largest remainder, ties to the earlier stream, then the earlier hour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.constants import JITTER_RANGE, SCENARIOS
from simulator.rng import rng
from simulator.scenarios import MODULES
from simulator.timegrid import HourGrid


@dataclass(frozen=True)
class StreamPlan:
    names: tuple[str, ...]  # selected streams in §5.4 order
    codes: np.ndarray  # index of each selected stream in SCENARIOS
    m: np.ndarray  # (S, H) scenario multiplier
    lam: np.ndarray  # (S, H) intensity
    extra_rate_limit: np.ndarray  # (S, H) hours with the extra 10 % rate-limit chance

    def row(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None


def plan_streams(grid: HourGrid, seed: int, scenarios: tuple[str, ...]) -> StreamPlan:
    names = tuple(s for s in SCENARIOS if s in scenarios)
    ms, lams, extras = [], [], []
    for name in names:
        module = MODULES[name]
        code = SCENARIOS.index(name)
        m = np.asarray(module.multiplier(grid, rng(seed, "multiplier", code)), dtype=np.float64)
        jitter = rng(seed, "jitter", code).uniform(*JITTER_RANGE, grid.hours)
        shaping = grid.shaping if getattr(module, "SHAPED", True) else 1.0
        ms.append(m)
        lams.append(module.RATE * m * shaping * jitter * grid.slot_fraction)
        extra = getattr(module, "extra_rate_limit", None)
        extras.append(extra(m) if extra else np.zeros(grid.hours, dtype=bool))
    return StreamPlan(
        names=names,
        codes=np.array([SCENARIOS.index(n) for n in names], dtype=np.int64),
        m=np.stack(ms),
        lam=np.stack(lams),
        extra_rate_limit=np.stack(extras),
    )


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts summing to ``total`` ∝ ``weights``; ties go to the lower flat index."""
    flat = np.asarray(weights, dtype=np.float64).ravel()
    if total == 0 or flat.sum() <= 0:
        return np.zeros(weights.shape, dtype=np.int64)
    quota = total * flat / flat.sum()
    counts = np.floor(quota).astype(np.int64)
    short = total - int(counts.sum())
    if short > 0:
        order = np.argsort(-(quota - counts), kind="stable")
        counts[order[:short]] += 1
    return counts.reshape(weights.shape)


def allocate(plan: StreamPlan, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(stream row, hour) of each of ``rows`` standalone calls.

    Rows are laid out hour by hour (all streams of hour 0, then hour 1, …) so that the final
    time sort only moves rows within their hour, which keeps the reordering cache-friendly.
    """
    counts = largest_remainder(rows, plan.lam).T  # (H, S)
    cells = np.flatnonzero(counts.ravel())
    streams = counts.shape[1]
    per_cell = counts.ravel()[cells]
    return np.repeat(cells % streams, per_cell), np.repeat(cells // streams, per_cell)
