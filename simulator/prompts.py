"""Prompt pools and prompt hashes (§5.6, §5.7): repeated prompts without storing any prompt.

A pooled prompt is identified by a key (e.g. organization × feature × slot); its hash and its
fixed input-token count are pure functions of (seed, key), so the pool needs no table and two
calls that reuse the same slot agree on both.
"""

from __future__ import annotations

import numpy as np

from simulator.rng import mix64, salt_for


def unit_from_hash(values: np.ndarray) -> np.ndarray:
    """uint64 hashes → floats uniform in [0, 1)."""
    return (values >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def pooled_prompts(seed: int, space: str, key: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   factor: np.ndarray | float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(prompt hash, input tokens) of pool slots ``key``; tokens uniform in [lo, hi] × factor."""
    h = mix64(key, salt_for(seed, f"pool:{space}"))
    u = unit_from_hash(mix64(key, salt_for(seed, f"pool-tokens:{space}")))
    base = lo + np.minimum((u * (hi - lo + 1)).astype(np.int64), hi - lo)
    tokens = np.maximum(np.floor(base * factor + 0.5).astype(np.int64), 1)
    return h, tokens


def unique_prompts(seed: int, space: str, n: int, first: int = 0) -> np.ndarray:
    """Hashes of one-off prompts ``first`` .. ``first + n - 1``: distinct per (seed, space, ordinal)."""
    return mix64(np.arange(first, first + n, dtype=np.uint64), salt_for(seed, f"unique:{space}"))
