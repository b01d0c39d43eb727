"""Budgets with fallback switching (§5.10), applied after every call exists, in time order."""

from __future__ import annotations

import numpy as np

from simulator.context import Context
from simulator.draws import Frame, latency
from simulator.pricing import billing_input_mask, call_cost
from simulator.rng import rng
from simulator.sorting import stable_argsort
from simulator.timegrid import DAY_US

BUDGET_PROB = 0.6
BUDGET_FACTOR = (0.7, 1.6)
# the call columns latency() and call_cost() read: only these are gathered for switched rows
FALLBACK_INPUTS = ("model", "ts", "inp", "out", "cread", "cwrite", "region", "etype", "u_ttft",
                   "u_gen", "u_err")


def apply_budgets(ctx: Context, f: Frame, window_days: float, unsorted: Frame | None = None,
                  sort_order: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Draw the budgets and switch over-budget calls to the fallback model, in place.

    ``f`` must be in time order. Columns kept out of the time-order sort (``unsorted``, in
    generation order) are read through ``sort_order`` for the switched rows only. Returns the budget
    rows (org, monthly, model).
    """
    gen = rng(ctx.seed, "budgets")
    cat, n_org = ctx.cat, len(ctx.pop.org_ids)
    n_prov = len(cat.providers)
    narrow = n_org * n_prov < 2**15  # organization numbers fit 16 bits: 2-byte gathers and sorts
    org = (ctx.pop.org.astype(np.int16) if narrow else ctx.pop.org)[f["cust"]]
    has_budget = gen.random(n_org) < BUDGET_PROB
    factor = gen.uniform(*BUDGET_FACTOR, n_org)
    total = np.bincount(org, weights=f["cost"], minlength=n_org)
    monthly = np.round(total / window_days * cat.days_per_month * factor, 2)
    has_budget &= monthly > 0
    provider = cat.model_provider[f["model"]]
    usage = np.bincount(org.astype(np.int32) * n_prov + provider,
                        minlength=n_org * n_prov).reshape(n_org, n_prov)
    fallback = np.array([cat.cheapest_fast(int(p)) for p in usage.argmax(axis=1)])
    daily = monthly / cat.days_per_month

    day = f["ts"] // DAY_US
    first_day, days = int(day.min()), int(day.max() - day.min()) + 1
    if narrow and days < 2**15 and bool((day[1:] >= day[:-1]).all()):
        # rows in time order: a stable sort by organization alone gives the (organization, day)
        # order (same permutation), and numpy sorts 16-bit keys by radix; an (organization,
        # day) group starts where either changes
        order = np.argsort(org, kind="stable")
        o, d = org[order], (day - first_day).astype(np.int16)[order]
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = (o[1:] != o[:-1]) | (d[1:] != d[:-1])
    else:
        key = org.astype(np.int64) * days + (day - first_day)
        order = stable_argsort(key)
        k, o = key[order], org[order]
        starts = np.ones(len(k), dtype=bool)
        starts[1:] = k[1:] != k[:-1]
    cost = f["cost"][order]
    cum = np.cumsum(cost)
    upto = cum - cost
    before = upto - np.maximum.accumulate(np.where(starts, upto, 0.0))
    over = has_budget[o] & (before >= daily[o]) & (f["model"][order] != fallback[o])
    rows = order[over]
    f["requested"] = np.full(len(f["ts"]), -1, dtype=f["model"].dtype)
    f["requested"][rows] = f["model"][rows]
    f["model"][rows] = fallback[org[rows]]
    sub = {key_: f[key_][rows] for key_ in FALLBACK_INPUTS if key_ in f}
    if unsorted and sort_order is not None:
        sub.update({key_: v[sort_order[rows]] for key_, v in unsorted.items()})
    f["latency"][rows], f["ttft"][rows] = latency(cat, sub)
    f["cost"][rows] = call_cost(ctx.prices, billing_input_mask(ctx), sub)
    chosen = np.flatnonzero(has_budget)
    return {"org": chosen, "monthly": monthly[chosen], "model": fallback[chosen]}
