"""Cache tokens and cost of every call (§4.3, §5.6), done once over all calls of a run.

Cache reads depend on whether a pooled prompt was used before (by time) anywhere in the run,
so this pass runs after standalone, workflow and planted calls are combined.
"""

from __future__ import annotations

import numpy as np

from simulator.catalogue import PriceTable
from simulator.constants import (
    CACHE_READ_FRACTION,
    CACHE_WRITE_FRACTION,
    CACHE_WRITE_PROB,
    REUSED_CACHE_READ_PROB,
)
from simulator.context import Context
from simulator.draws import Frame, round_half_up
from simulator.rng import rng


def first_use(prompt: np.ndarray, ts: np.ndarray, reused: np.ndarray) -> np.ndarray:
    """True for the earliest call (by time) of each pooled prompt among the ``reused`` calls."""
    out = np.zeros(len(prompt), dtype=bool)
    idx = np.flatnonzero(reused)
    order = idx[np.lexsort((ts[idx], prompt[idx]))]
    keys = prompt[order]
    is_first = np.ones(len(order), dtype=bool)
    is_first[1:] = keys[1:] != keys[:-1]
    out[order[is_first]] = True
    return out


def add_cache_tokens(ctx: Context, f: Frame) -> None:
    """Draw cache reads and writes for the models whose price book row discounts or charges them."""
    gen = rng(ctx.seed, "cache")
    n = len(f["ts"])
    row = ctx.prices.rows_at(f["model"], f["ts"])
    price = ctx.prices.prices[row]
    ok = f["etype"] < 0
    p_read = np.where(f["reused"] & ~first_use(f["prompt"], f["ts"], f["reused"]),
                      REUSED_CACHE_READ_PROB, f["cache_p"])
    read = ok & (price[:, 2] < price[:, 0]) & (gen.random(n) < p_read)
    read_frac = gen.uniform(*CACHE_READ_FRACTION, n)
    write = ok & ~read & (price[:, 3] > price[:, 0]) & (gen.random(n) < CACHE_WRITE_PROB)
    write_frac = gen.uniform(*CACHE_WRITE_FRACTION, n)
    f["cread"] = np.where(read, round_half_up(f["inp"] * read_frac), 0)
    f["cwrite"] = np.where(write, round_half_up(f["inp"] * write_frac), 0)


def call_cost(prices: PriceTable, billing_input: np.ndarray, f: Frame) -> np.ndarray:
    """§4.3 cost from the row valid at each timestamp; failed calls bill per their error type."""
    price = prices.prices[prices.rows_at(f["model"], f["ts"])]
    uncached = f["inp"] - f["cread"] - f["cwrite"]
    full = (uncached * price[:, 0] + f["cread"] * price[:, 2] + f["cwrite"] * price[:, 3]
            + f["out"] * price[:, 1]) / 1_000_000
    is_err = f["etype"] >= 0
    billed_input = billing_input[np.maximum(f["etype"], 0)] & is_err
    return np.where(is_err, np.where(billed_input, uncached * price[:, 0] / 1_000_000, 0.0), full)


def billing_input_mask(ctx: Context) -> np.ndarray:
    """Per error type: True when a failed call bills its uncached input (seed `billing = input`)."""
    return np.array([b == "input" for b in ctx.cat.error_billing])
