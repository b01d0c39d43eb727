"""`model_migration` (§5.4.5): traffic moves from openai gpt-4o to anthropic Sonnet as p grows."""

from __future__ import annotations

import numpy as np

from simulator.catalogue import Catalogue
from simulator.timegrid import HourGrid

NAME = "model_migration"
RATE = 90.0
FROM_MODEL = "gpt-4o"
TO_MODELS = ("claude-sonnet-4-5", "claude-sonnet-4")


def multiplier(grid: HourGrid, gen: np.random.Generator) -> np.ndarray:
    return np.ones(grid.hours)


def override_model(cat: Catalogue, p: np.ndarray, gen: np.random.Generator) -> np.ndarray:
    """Model code per call: anthropic with probability p (the two Sonnets 50/50), else gpt-4o."""
    migrated = gen.random(len(p)) < p
    target = np.array([cat.index("models", m) for m in TO_MODELS])[gen.integers(0, 2, len(p))]
    return np.where(migrated, target, cat.index("models", FROM_MODEL))
