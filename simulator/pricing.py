"""Cache tokens and cost of every call (§4.3, §5.6), done once over all calls of a run.

Cache reads depend on whether a pooled prompt was used before (by time) anywhere in the run,
so this pass runs after standalone, workflow and planted calls are combined.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    if bool((ts[1:] >= ts[:-1]).all()):
        # calls in time order: the first of each prompt in row order, found by hashing (Arrow
        # numbers the distinct values in order of first appearance) instead of sorting
        codes = pc.dictionary_encode(pa.array(prompt[idx])).indices.to_numpy()
        is_new = np.ones(len(idx), dtype=bool)
        is_new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
        out[idx[is_new]] = True
        return out
    order = idx[np.lexsort((ts[idx], prompt[idx]))]
    keys = prompt[order]
    is_first = np.ones(len(order), dtype=bool)
    is_first[1:] = keys[1:] != keys[:-1]
    out[order[is_first]] = True
    return out


def add_cache_tokens(ctx: Context, f: Frame, row: np.ndarray | None = None) -> None:
    """Draw cache reads and writes for the models whose price book row discounts or charges them.

    ``row`` is each call's price row (``ctx.prices.rows_at``) when the caller already has it.
    """
    gen = rng(ctx.seed, "cache")
    n = len(f["ts"])
    row = ctx.prices.rows_at(f["model"], f["ts"]) if row is None else row
    table = ctx.prices.prices
    discounts_read = (table[:, 2] < table[:, 0])[row]
    charges_write = (table[:, 3] > table[:, 0])[row]
    ok = f["etype"] < 0
    p_read = np.where(f["reused"] & ~first_use(f["prompt"], f["ts"], f["reused"]),
                      REUSED_CACHE_READ_PROB, f["cache_p"])
    read = ok & discounts_read & (gen.random(n) < p_read)
    read_frac = gen.uniform(*CACHE_READ_FRACTION, n)
    write = ok & ~read & charges_write & (gen.random(n) < CACHE_WRITE_PROB)
    write_frac = gen.uniform(*CACHE_WRITE_FRACTION, n)
    f["cread"] = np.where(read, round_half_up(f["inp"] * read_frac), 0)
    f["cwrite"] = np.where(write, round_half_up(f["inp"] * write_frac), 0)


def call_cost(prices: PriceTable, billing_input: np.ndarray, f: Frame,
              row: np.ndarray | None = None) -> np.ndarray:
    """§4.3 cost from the row valid at each timestamp; failed calls bill per their error type.

    ``row`` is each call's price row (``prices.rows_at``) when the caller already has it.
    """
    row = prices.rows_at(f["model"], f["ts"]) if row is None else row
    table = prices.prices
    uncached = f["inp"] - f["cread"] - f["cwrite"]
    input_price = table[:, 0][row]
    full = (uncached * input_price + f["cread"] * table[:, 2][row]
            + f["cwrite"] * table[:, 3][row] + f["out"] * table[:, 1][row]) / 1_000_000
    is_err = f["etype"] >= 0
    billed_input = billing_input[np.maximum(f["etype"], 0)] & is_err
    return np.where(is_err, np.where(billed_input, uncached * input_price / 1_000_000, 0.0), full)


def billing_input_mask(ctx: Context) -> np.ndarray:
    """Per error type: True when a failed call bills its uncached input (seed `billing = input`)."""
    return np.array([b == "input" for b in ctx.cat.error_billing])
