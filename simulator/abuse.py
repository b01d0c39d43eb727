"""Planted abuse (§5.9): a few light or power customers on starter or pro get one abuse pattern.

k = max(1, ⌊customers ÷ 100⌋) customers after the first 27 are chosen by the seeded generator;
the i-th gets ``PATTERNS[i % 7]``. Patterns add calls or replace the customer's own calls; every
added or replaced call carries the scenario ``planted_abuse``. The net change is absorbed by the
``base`` stream: surplus rows overwrite randomly chosen ``base`` calls of other customers (a
deficit is filled with extra ``base`` calls), so the run keeps its exact size and the planting
costs O(planted rows) plus one pass over the customer and scenario columns. A pattern that does
not fit in the ``base`` allocation or in the window is skipped; without a ``base`` stream nothing
is planted.

The chosen customers' agent executions are handed to other customers (same hour, same
workflow), so every call of a planted customer is a standalone call the pattern controls: a
cadence or an off-hours share is then exact rather than diluted by workflow bursts.
"""

from __future__ import annotations

import math

import numpy as np

from simulator.constants import FIRST_COVERAGE_CUSTOMERS, SCENARIOS
from simulator.context import Context
from simulator.draws import Frame, customer_fields, draw_tasks, latency, pick
from simulator.prompts import unique_prompts
from simulator.rng import rng
from simulator.standalone import standalone_calls
from simulator.timegrid import HOUR_US

PATTERNS: tuple[str, ...] = ("spike_hour", "minute_burst", "feature_spam", "automated_cadence",
                             "off_hours", "model_hopping", "batch_jobs")
PLANTED_CODE = len(SCENARIOS)  # index of `planted_abuse` in the scenario labels
ELIGIBLE_ARCHETYPES = ("light", "power")
ELIGIBLE_TIERS = ("starter", "pro")
SPIKE_CALLS, SPIKE_HOURS, WEEKDAYS = 200, (9, 16), 5
BURST_CALLS, MINUTE_US = 80, 60_000_000
SPAM_CALLS, SPAM_FEATURE = 1_200, "chat"
CADENCE_US, CADENCE_JITTER = 600_000_000, 0.01
OFF_HOURS_SHARE, OFF_HOURS_LOCAL = 0.9, (22, 23, 0, 1, 2, 3, 4, 5)
HOPPING_MODELS, HOPPING_MIN_CALLS = 12, 150
BATCH_CALLS, BATCH_INPUT, BATCH_OUTPUT = 10, (12_000, 20_000), (20, 80)


def choose_customers(ctx: Context) -> np.ndarray:
    """The planted customers in pattern order (§5.9 eligibility, seeded choice)."""
    pop, cat = ctx.pop, ctx.cat
    k = max(1, pop.customers // 100)
    arche = np.isin(pop.archetype, [cat.index("archetypes", a) for a in ELIGIBLE_ARCHETYPES])
    tier = np.isin(pop.tier, [cat.index("tiers", t) for t in ELIGIBLE_TIERS])
    eligible = np.flatnonzero(arche & tier & (np.arange(pop.customers) >= FIRST_COVERAGE_CUSTOMERS))
    return rng(ctx.seed, "abuse", 0).permutation(eligible)[:k]


def plant(ctx: Context, frames: list[Frame], workflows: dict[str, np.ndarray]) -> list[Frame]:
    """Plant §5.9 abuse into ``frames`` = [standalone calls, workflow calls], in place.

    ``workflows`` (the execution records) is updated too: executions of planted customers move
    to other customers. Returns the frames (same objects, same total row count).
    """
    base_row = ctx.plan.row("base")
    chosen = choose_customers(ctx)
    if base_row is None or len(chosen) == 0:
        return frames
    alone, wf_frame = frames
    _reassign_workflows(ctx, chosen, wf_frame, workflows)

    flag = np.zeros(ctx.pop.customers, dtype=bool)
    flag[chosen] = True
    own = np.flatnonzero(flag[alone["cust"]])
    own_cust = alone["cust"][own]
    spare = np.flatnonzero((alone["code"] == SCENARIOS.index("base")) & ~flag[alone["cust"]])

    added: list[Frame] = []
    removed: list[np.ndarray] = []
    net = 0
    for i, cust in enumerate(chosen.tolist()):
        pattern = PATTERNS[i % len(PATTERNS)]
        rows = own[own_cust == cust]
        gen = rng(ctx.seed, "abuse", 1, i)
        plan = _PLANTERS[pattern](ctx, gen, alone, rows, cust, base_row, f"abuse-{i}")
        if plan is None:
            continue
        new, drop = plan
        change = len(new["ts"]) - len(drop)
        if net + change > len(spare):
            continue  # does not fit in the base stream's allocation
        if pattern == "feature_spam":
            _relabel(ctx, gen, alone, rows, ctx.cat.index("features", SPAM_FEATURE))
        net += change
        added.append(new)
        removed.append(drop)

    gen = rng(ctx.seed, "abuse", 2)
    if net > 0:
        removed.append(spare[np.sort(gen.choice(len(spare), net, replace=False))])
    elif net < 0:
        added.append(_base_calls(ctx, gen, -net, base_row, "abuse-refill"))
    if added:
        slots = np.concatenate(removed)
        new = {k: np.concatenate([a[k] for a in added]) for k in added[0]}
        for k, v in alone.items():
            v[slots] = new[k]
    return frames


def _reassign_workflows(ctx: Context, chosen: np.ndarray, f: Frame, wf: dict[str, np.ndarray]) -> None:
    """Hand the planted customers' executions to customers drawn as §5.7 draws them.

    Region is kept so the already timed calls keep their latency; user, key, client and
    environment follow the new customer.
    """
    moved = np.flatnonzero(np.isin(wf["cust"], chosen))
    if len(moved) == 0:
        return
    gen = rng(ctx.seed, "abuse", 3)
    hour = ctx.grid.hour_of(wf["started"][moved]).clip(0, ctx.grid.hours - 1)
    cust = wf["cust"][moved].copy()
    for _ in range(1000):
        again = np.flatnonzero(np.isin(cust, chosen))
        if len(again) == 0:
            break
        cust[again] = ctx.volume_sampler.sample(gen, hour[again], ctx.grid.hours)
    else:
        raise ValueError("planted abuse: no other customer can take over the planted customers' "
                         "workflows; simulate more customers")
    fields = customer_fields(ctx, gen, cust)
    wf["cust"], wf["user"] = wf["cust"].copy(), wf["user"].copy()
    wf["cust"][moved], wf["user"][moved] = cust, fields["user"]
    position = np.full(len(wf["cust"]), -1, dtype=np.int64)
    position[moved] = np.arange(len(moved))
    pos = position[f["wf"]]
    rows = np.flatnonzero(pos >= 0)
    for k in ("cust", "user", "key", "client", "env"):
        f[k][rows] = fields[k][pos[rows]]


def _calls(ctx: Context, hour: np.ndarray, cust: int, base_row: int, purpose: str) -> Frame:
    """Standalone-style calls of one customer in the given hours, labelled planted_abuse."""
    n = len(hour)
    f = standalone_calls(ctx, np.full(n, base_row, dtype=np.int64), hour.astype(np.int64), purpose,
                         customer=np.full(n, cust, dtype=np.int64))
    f["code"][:] = PLANTED_CODE
    return f


def _base_calls(ctx: Context, gen: np.random.Generator, n: int, base_row: int, purpose: str) -> Frame:
    hour = pick(gen, ctx.plan.lam[base_row], n)
    return standalone_calls(ctx, np.full(n, base_row, dtype=np.int64), hour, purpose)


def _base_hours(ctx: Context, gen: np.random.Generator, base_row: int, n: int) -> np.ndarray:
    return pick(gen, ctx.plan.lam[base_row], n)


def _full_hours(ctx: Context) -> np.ndarray:
    return ctx.grid.slot_len_us == HOUR_US


Plan = tuple[Frame, np.ndarray] | None


def _spike_hour(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
                base_row: int, purpose: str) -> Plan:
    g = ctx.grid
    ok = np.flatnonzero(_full_hours(ctx) & (g.weekday < WEEKDAYS) & (g.utc_hour >= SPIKE_HOURS[0])
                        & (g.utc_hour <= SPIKE_HOURS[1]))
    if len(ok) == 0:
        return None
    hour = np.full(SPIKE_CALLS, ok[gen.integers(len(ok))])
    return _calls(ctx, hour, cust, base_row, purpose), rows[:0]


def _minute_burst(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
                  base_row: int, purpose: str) -> Plan:
    ok = np.flatnonzero(_full_hours(ctx))
    if len(ok) == 0:
        return None
    h = int(ok[gen.integers(len(ok))])
    new = _calls(ctx, np.full(BURST_CALLS, h), cust, base_row, purpose)
    start = ctx.grid.slot_start_us[h] + int(gen.integers(60)) * MINUTE_US
    new["ts"] = start + (gen.random(BURST_CALLS) * MINUTE_US).astype(np.int64)
    return new, rows[:0]


def _feature_spam(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
                  base_row: int, purpose: str) -> Plan:
    cat = ctx.cat
    chat = cat.index("features", SPAM_FEATURE)
    new = _calls(ctx, _base_hours(ctx, gen, base_row, SPAM_CALLS), cust, base_row, purpose)
    arche = ctx.pop.archetype[cust]
    inp = gen.integers(cat.archetype_input[arche, 0], cat.archetype_input[arche, 1] + 1, SPAM_CALLS)
    out = gen.integers(cat.archetype_output[arche, 0], cat.archetype_output[arche, 1] + 1, SPAM_CALLS)
    factor = cat.feature_factor[chat]
    new["inp"] = np.maximum(np.floor(inp * factor[0] + 0.5).astype(np.int64), 1)
    new["out"] = np.where(new["etype"] >= 0, 0,
                          np.maximum(np.floor(out * factor[1] + 0.5).astype(np.int64), 1))
    new["reused"][:] = False
    new["prompt"] = unique_prompts(ctx.seed, purpose, SPAM_CALLS)
    new["feature"][:] = chat
    new["task"] = draw_tasks(cat, gen, new["feature"])
    new["cache_p"][:] = cat.feature_cache_read[chat]
    new["latency"], new["ttft"] = latency(cat, new)
    return new, rows[:0]


def _relabel(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, feature: int) -> None:
    """feature_spam: the customer's own calls move to the spammed feature (not re-timed)."""
    f["feature"][rows] = feature
    f["task"][rows] = draw_tasks(ctx.cat, gen, f["feature"][rows])
    f["cache_p"][rows] = ctx.cat.feature_cache_read[feature]


def _automated_cadence(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray,
                       cust: int, base_row: int, purpose: str) -> Plan:
    g = ctx.grid
    most = (g.end_us - g.start_us) // int(CADENCE_US * (1 - CADENCE_JITTER)) + 1
    gaps = (CADENCE_US * gen.uniform(1 - CADENCE_JITTER, 1 + CADENCE_JITTER, most)).astype(np.int64)
    ts = g.start_us + int(gen.integers(CADENCE_US)) + np.concatenate([[0], np.cumsum(gaps[:-1])])
    ts = ts[ts < g.end_us]
    if len(ts) < 2:
        return None
    new = _calls(ctx, g.hour_of(ts), cust, base_row, purpose)
    new["ts"] = ts
    return new, rows


def _off_hours(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
               base_row: int, purpose: str) -> Plan:
    g, cat = ctx.grid, ctx.cat
    n = math.ceil(OFF_HOURS_SHARE * len(rows))
    home = int(ctx.pop.home_region[cust])
    local = (g.utc_hour + int(cat.region_utc_offset[home])) % 24
    ok = np.flatnonzero(np.isin(local, OFF_HOURS_LOCAL))
    if n == 0 or len(ok) == 0:
        return None
    drop = np.sort(gen.choice(rows, n, replace=False))
    new = _calls(ctx, ok[gen.integers(len(ok), size=n)], cust, base_row, purpose)
    new["region"][:] = home  # local time is judged in the call's region: the abuser's home
    new["latency"], new["ttft"] = latency(cat, new)
    return new, drop


def _model_hopping(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
                   base_row: int, purpose: str) -> Plan:
    cat = ctx.cat
    if len(cat.models) < HOPPING_MODELS:
        return None
    extra = max(0, HOPPING_MIN_CALLS - len(rows))
    new = _calls(ctx, _base_hours(ctx, gen, base_row, extra), cust, base_row, purpose)
    own = {k: v[rows] for k, v in f.items()}
    own["code"][:] = PLANTED_CODE
    new = {k: np.concatenate([own[k], new[k]]) for k in own}
    models = gen.choice(len(cat.models), HOPPING_MODELS, replace=False)
    n = len(new["ts"])
    new["model"] = models[gen.permutation(np.arange(n) % HOPPING_MODELS)].astype(np.int64)
    new["latency"], new["ttft"] = latency(cat, new)
    return new, rows


def _batch_jobs(ctx: Context, gen: np.random.Generator, f: Frame, rows: np.ndarray, cust: int,
                base_row: int, purpose: str) -> Plan:
    new = _calls(ctx, _base_hours(ctx, gen, base_row, BATCH_CALLS), cust, base_row, purpose)
    new["inp"] = gen.integers(BATCH_INPUT[0], BATCH_INPUT[1] + 1, BATCH_CALLS)
    new["out"] = gen.integers(BATCH_OUTPUT[0], BATCH_OUTPUT[1] + 1, BATCH_CALLS)
    new["etype"][:] = -1  # a batch job that errored would not carry its output tokens
    new["reused"][:] = False
    new["prompt"] = unique_prompts(ctx.seed, purpose, BATCH_CALLS)
    new["latency"], new["ttft"] = latency(ctx.cat, new)
    return new, rows[:0]


_PLANTERS = {
    "spike_hour": _spike_hour, "minute_burst": _minute_burst, "feature_spam": _feature_spam,
    "automated_cadence": _automated_cadence, "off_hours": _off_hours,
    "model_hopping": _model_hopping, "batch_jobs": _batch_jobs,
}
