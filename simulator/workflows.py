"""Agent workflow executions (§5.7): call trees, sequential timing, failures, workflow records.

Executions are drawn in fixed-size chunks, each from its own generator, until their calls reach
the target, so the first executions of a run do not depend on its size. Trees are built for a
whole chunk at once: step j picks its parent among steps < j of depth < 4 for every execution
in one vectorised operation.
"""

from __future__ import annotations

import numpy as np

from simulator import workflow_templates as wt
from simulator.context import Context
from simulator.draws import (
    Frame,
    customer_fields,
    draw_error_types,
    draw_tasks,
    latency,
    latency_draws,
    model_in_class,
    pick,
    pick_rows,
    pick_rows_of,
)
from simulator.prompts import pooled_prompts, unique_prompts
from simulator.rng import rng

CHUNK = 8192


def _trees(gen: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray]:
    """(parent, depth) matrices (m, 8): step 0 is the root; later steps attach below depth 4."""
    depth = np.zeros((m, wt.MAX_CALLS), dtype=np.int64)
    parent = np.full((m, wt.MAX_CALLS), -1, dtype=np.int64)
    depth[:, 0] = 1
    rows = np.arange(m)
    for j in range(1, wt.MAX_CALLS):
        eligible = depth[:, :j] < wt.MAX_DEPTH
        k = (gen.random(m) * eligible.sum(axis=1)).astype(np.int64)
        par = np.argmax(np.cumsum(eligible, axis=1) > k[:, None], axis=1)
        parent[:, j] = par
        depth[:, j] = depth[rows, par] + 1
    return parent, depth


def _chunk(ctx: Context, number: int) -> dict[str, np.ndarray]:
    """Plan CHUNK executions: template, size, failure, start, stream, customer, tree, agents."""
    gen = rng(ctx.seed, "workflow-chunk", number)
    grid, plan = ctx.grid, ctx.plan
    m = CHUNK
    hour = pick(gen, plan.lam.sum(axis=0), m)
    template = pick(gen, wt.WEIGHTS, m)
    # while `feature_launch` runs, no analysis workflow exists before the launch hour (§5.4.8)
    early = hour < ctx.analysis_from_hour
    pre_launch = np.where(wt.FEATURES == "analysis", 0.0, wt.WEIGHTS)
    template[early] = pick(gen, pre_launch, int(early.sum()))
    lo, hi = wt.CALLS_RANGE[template, 0], wt.CALLS_RANGE[template, 1]
    planned = gen.integers(lo, hi + 1)
    fails = gen.random(m) < wt.FAILURE_PROB
    fail_step = np.where(fails, (gen.random(m) * planned).astype(np.int64), -1)
    start = grid.slot_start_us[hour] + (gen.random(m) * grid.slot_len_us[hour]).astype(np.int64)
    stream = pick_rows(gen, plan.lam[:, hour].T)
    cust = ctx.volume_sampler.sample(gen, hour, grid.hours)
    fields = customer_fields(ctx, gen, cust)
    provider = pick(gen, ctx.cat.provider_weight, m)
    parent, depth = _trees(gen, m)
    slot = np.minimum((gen.random((m, wt.MAX_CALLS)) * wt.OTHER_COUNT[template][:, None]).astype(np.int64),
                      wt.OTHER_COUNT[template][:, None] - 1)
    agent = wt.OTHER_AGENTS[template[:, None], slot]
    agent[:, 0] = wt.AGENTS.index(wt.ROOT_AGENT)
    return {
        "template": template, "planned": planned, "fail_step": fail_step, "start": start,
        "hour": hour, "code": plan.codes[stream], "provider": provider, "parent": parent,
        "depth": depth, "agent": agent, "calls": np.where(fails, fail_step + 1, planned), **fields,
    }


def plan_executions(ctx: Context, target_calls: int) -> dict[str, np.ndarray]:
    """Executions in order until their calls reach ``target_calls`` (the last one kept whole)."""
    if target_calls <= 0:
        return {k: v[:0] for k, v in _chunk(ctx, 0).items()}
    chunks, total, number = [], 0, 0
    while total < target_calls:
        chunk = _chunk(ctx, number)
        cum = total + np.cumsum(chunk["calls"])
        if cum[-1] >= target_calls:
            keep = int(np.searchsorted(cum, target_calls)) + 1
            chunk = {k: v[:keep] for k, v in chunk.items()}
        chunks.append(chunk)
        total = int(total + chunk["calls"].sum())
        number += 1
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


def workflow_calls(ctx: Context, ex: dict[str, np.ndarray]) -> tuple[Frame, dict[str, np.ndarray]]:
    """Expand executions into calls (frame) and return the executions with start/end/status."""
    gen = rng(ctx.seed, "workflow-calls")
    cat, pop = ctx.cat, ctx.pop
    n_ex = len(ex["calls"])
    wf = np.repeat(np.arange(n_ex), ex["calls"])
    first = (np.cumsum(ex["calls"]) - ex["calls"]).astype(np.int64)
    step = np.arange(len(wf)) - first[wf]
    n = len(wf)
    agent = ex["agent"][wf, step]
    feature_code = np.array([cat.index("features", t[4]) for t in wt.TEMPLATES])[ex["template"][wf]]
    cls = pick_rows_of(gen, wt.CLASS_SHARES, agent)
    cust = ex["cust"][wf]
    f: Frame = {k: ex[k][wf] for k in ("cust", "user", "key", "client", "region", "env", "code")}
    f["feature"] = feature_code
    f["task"] = draw_tasks(cat, gen, feature_code)
    f["model"] = model_in_class(cat, gen, ex["provider"][wf], cls)
    tok = wt.TOKENS[agent]
    inp = gen.integers(tok[:, 0], tok[:, 1] + 1)
    out = gen.integers(tok[:, 2], tok[:, 3] + 1)
    reused = gen.random(n) < wt.REUSE[agent]
    slot = gen.integers(0, wt.PROMPT_POOL_SIZE, n)
    key = ((pop.org[cust] * len(wt.TEMPLATES) + ex["template"][wf]) * len(wt.AGENTS) + agent) \
        * wt.PROMPT_POOL_SIZE + slot
    pool_hash, pool_tokens = pooled_prompts(ctx.seed, "workflow", key, tok[:, 0], tok[:, 1])
    f["inp"] = np.where(reused, pool_tokens, inp)
    f["prompt"] = np.where(reused, pool_hash, unique_prompts(ctx.seed, "workflow", n))
    f["reused"] = reused
    f["cache_p"] = np.full(n, wt.CACHE_READ_PROB)
    failing = step == ex["fail_step"][wf]
    f["etype"] = np.where(failing, draw_error_types(cat, gen, n), -1)
    f["out"] = np.where(failing, 0, out)
    f.update(latency_draws(gen, n))
    f["latency"], f["ttft"] = latency(cat, f)

    # sequential timing: each call starts after the previous one's end plus a gap
    lat_us = np.floor(f["latency"] * 1000 + 0.5).astype(np.int64)
    gap_us = (gen.uniform(*wt.STEP_GAP_MS, n) * 1000).astype(np.int64)
    advance = np.where(step == 0, 0, np.roll(lat_us + gap_us, 1))
    offset = np.cumsum(advance)
    offset -= offset[first][wf]
    ts = ex["start"][wf] + offset
    last = first + ex["calls"] - 1
    call_end = ts[last] + lat_us[last]
    failed = ex["fail_step"] >= 0
    ended = np.where(failed, call_end,
                     call_end + (gen.uniform(*wt.END_GAP_MS, n_ex) * 1000).astype(np.int64))
    shift = np.maximum(ended - (ctx.grid.end_us - 1), 0)
    ts -= shift[wf]
    ended -= shift
    f["ts"] = ts
    f["wf"] = wf
    f["agent"] = agent
    par = ex["parent"][wf, step]
    f["parent"] = np.where(par >= 0, first[wf] + par, -1)
    failure = np.where(failed, f["etype"][last], -1)
    # present the workflow calls in time order: the final merge with standalone calls stays local
    order = np.argsort(f["ts"], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(n)
    f = {k: v[order] for k, v in f.items()}
    f["parent"] = np.where(f["parent"] >= 0, rank[np.maximum(f["parent"], 0)], -1)
    records = {
        "template": ex["template"], "cust": ex["cust"], "user": ex["user"], "code": ex["code"],
        "started": ex["start"] - shift, "ended": ended, "success": ~failed,
        "failure": failure, "planned": ex["planned"],
    }
    return f, records
