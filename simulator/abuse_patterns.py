"""The seven planted abuse patterns of §5.9, each planned in two steps so that all planted
calls are drawn in one vectorised batch.

A planter looks at one customer's standalone rows and returns a :class:`Plan`: the hours of the
calls it adds, the customer rows it replaces and how many rows it will hand back, or ``None``
when the pattern does not fit in the window. Once the plan is accepted (it fits in the ``base``
allocation), ``finish`` receives the freshly drawn calls of those hours, labelled
``planted_abuse``, shapes them into the pattern and returns the rows to write.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.constants import SCENARIOS
from simulator.context import Context
from simulator.draws import Frame, draw_tasks, latency, pick
from simulator.prompts import unique_prompts
from simulator.timegrid import HOUR_US

PATTERNS: tuple[str, ...] = ("spike_hour", "minute_burst", "feature_spam", "automated_cadence",
                             "off_hours", "model_hopping", "batch_jobs")
PLANTED_CODE = len(SCENARIOS)  # index of `planted_abuse` in the scenario labels
SPIKE_CALLS, SPIKE_HOURS, WEEKDAYS = 200, (9, 16), 5
BURST_CALLS, MINUTE_US = 80, 60_000_000
SPAM_CALLS, SPAM_FEATURE = 1_200, "chat"
CADENCE_US, CADENCE_JITTER = 600_000_000, 0.01
OFF_HOURS_SHARE, OFF_HOURS_LOCAL = 0.9, (22, 23, 0, 1, 2, 3, 4, 5)
HOPPING_MODELS, HOPPING_MIN_CALLS = 12, 150
BATCH_CALLS, BATCH_INPUT, BATCH_OUTPUT = 10, (12_000, 20_000), (20, 80)


@dataclass
class Plan:
    hours: np.ndarray  # hour index of each call to draw for the pattern
    drop: np.ndarray  # the customer's standalone rows the pattern replaces
    size: int  # rows ``finish`` returns
    finish: Callable[[Frame], Frame]


@dataclass(frozen=True)
class Customer:
    """One planted customer: its code, standalone rows and the prompt space of its calls."""

    cust: int
    rows: np.ndarray
    purpose: str


def _keep(new: Frame) -> Frame:
    return new


def base_hours(ctx: Context, gen: np.random.Generator, n: int) -> np.ndarray:
    """n hours drawn ∝ the base stream's intensity (where the absorbed calls would have been)."""
    return pick(gen, ctx.plan.lam[ctx.plan.row("base")], n)


def _full_hours(ctx: Context) -> np.ndarray:
    return ctx.grid.slot_len_us == HOUR_US


def _fresh_prompts(ctx: Context, new: Frame, purpose: str) -> None:
    new["reused"][:] = False
    new["prompt"] = unique_prompts(ctx.seed, purpose, len(new["ts"]))


def spike_hour(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    g = ctx.grid
    ok = np.flatnonzero(_full_hours(ctx) & (g.weekday < WEEKDAYS) & (g.utc_hour >= SPIKE_HOURS[0])
                        & (g.utc_hour <= SPIKE_HOURS[1]))
    if len(ok) == 0:
        return None
    return Plan(np.full(SPIKE_CALLS, ok[gen.integers(len(ok))]), c.rows[:0], SPIKE_CALLS, _keep)


def minute_burst(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    ok = np.flatnonzero(_full_hours(ctx))
    if len(ok) == 0:
        return None
    h = int(ok[gen.integers(len(ok))])
    start = int(ctx.grid.slot_start_us[h]) + int(gen.integers(60)) * MINUTE_US

    def finish(new: Frame) -> Frame:
        new["ts"] = start + (gen.random(BURST_CALLS) * MINUTE_US).astype(np.int64)
        return new

    return Plan(np.full(BURST_CALLS, h), c.rows[:0], BURST_CALLS, finish)


def feature_spam(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    cat = ctx.cat
    chat = cat.index("features", SPAM_FEATURE)

    def finish(new: Frame) -> Frame:
        arche = ctx.pop.archetype[c.cust]
        inp = gen.integers(cat.archetype_input[arche, 0], cat.archetype_input[arche, 1] + 1, SPAM_CALLS)
        out = gen.integers(cat.archetype_output[arche, 0], cat.archetype_output[arche, 1] + 1, SPAM_CALLS)
        factor = cat.feature_factor[chat]
        new["inp"] = np.maximum(np.floor(inp * factor[0] + 0.5).astype(np.int64), 1)
        new["out"] = np.where(new["etype"] >= 0, 0,
                              np.maximum(np.floor(out * factor[1] + 0.5).astype(np.int64), 1))
        _fresh_prompts(ctx, new, c.purpose)
        new["feature"][:] = chat
        new["task"] = draw_tasks(cat, gen, new["feature"])
        new["cache_p"][:] = cat.feature_cache_read[chat]
        new["latency"], new["ttft"] = latency(cat, new)
        # the customer's own calls move to chat as well (relabelled, not re-timed)
        f["feature"][c.rows] = chat
        f["task"][c.rows] = draw_tasks(cat, gen, f["feature"][c.rows])
        f["cache_p"][c.rows] = cat.feature_cache_read[chat]
        return new

    return Plan(base_hours(ctx, gen, SPAM_CALLS), c.rows[:0], SPAM_CALLS, finish)


def automated_cadence(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    g = ctx.grid
    most = (g.end_us - g.start_us) // int(CADENCE_US * (1 - CADENCE_JITTER)) + 1
    gaps = (CADENCE_US * gen.uniform(1 - CADENCE_JITTER, 1 + CADENCE_JITTER, most)).astype(np.int64)
    ts = g.start_us + int(gen.integers(CADENCE_US)) + np.concatenate([[0], np.cumsum(gaps[:-1])])
    ts = ts[ts < g.end_us]
    if len(ts) < 2:
        return None

    def finish(new: Frame) -> Frame:
        new["ts"] = ts
        return new

    return Plan(g.hour_of(ts), c.rows, len(ts), finish)


def off_hours(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    g, cat = ctx.grid, ctx.cat
    n = math.ceil(OFF_HOURS_SHARE * len(c.rows))
    home = int(ctx.pop.home_region[c.cust])
    local = (g.utc_hour + int(cat.region_utc_offset[home])) % 24
    ok = np.flatnonzero(np.isin(local, OFF_HOURS_LOCAL, kind="table"))
    if n == 0 or len(ok) == 0:
        return None

    def finish(new: Frame) -> Frame:
        new["region"][:] = home  # local time is judged in the call's region: the abuser's home
        new["latency"], new["ttft"] = latency(cat, new)
        return new

    drop = np.sort(gen.choice(c.rows, n, replace=False))
    return Plan(ok[gen.integers(len(ok), size=n)], drop, n, finish)


def model_hopping(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    cat = ctx.cat
    if len(cat.models) < HOPPING_MODELS:
        return None
    extra = max(0, HOPPING_MIN_CALLS - len(c.rows))

    def finish(new: Frame) -> Frame:
        own = {k: v[c.rows] for k, v in f.items()}
        own["code"][:] = PLANTED_CODE
        out = {k: np.concatenate([own[k], new[k]]) for k in own}
        models = gen.choice(len(cat.models), HOPPING_MODELS, replace=False)
        n = len(out["ts"])
        out["model"] = models[gen.permutation(np.arange(n) % HOPPING_MODELS)].astype(np.int64)
        out["latency"], out["ttft"] = latency(cat, out)
        return out

    return Plan(base_hours(ctx, gen, extra), c.rows, len(c.rows) + extra, finish)


def batch_jobs(ctx: Context, gen: np.random.Generator, f: Frame, c: Customer) -> Plan | None:
    def finish(new: Frame) -> Frame:
        new["inp"] = gen.integers(BATCH_INPUT[0], BATCH_INPUT[1] + 1, BATCH_CALLS)
        new["out"] = gen.integers(BATCH_OUTPUT[0], BATCH_OUTPUT[1] + 1, BATCH_CALLS)
        new["etype"][:] = -1  # a batch job that errored would not carry its output tokens
        _fresh_prompts(ctx, new, c.purpose)
        new["latency"], new["ttft"] = latency(ctx.cat, new)
        return new

    return Plan(base_hours(ctx, gen, BATCH_CALLS), c.rows[:0], BATCH_CALLS, finish)


PLANTERS: dict[str, Callable[[Context, np.random.Generator, Frame, Customer], Plan | None]] = {
    "spike_hour": spike_hour, "minute_burst": minute_burst, "feature_spam": feature_spam,
    "automated_cadence": automated_cadence, "off_hours": off_hours,
    "model_hopping": model_hopping, "batch_jobs": batch_jobs,
}
