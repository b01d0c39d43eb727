"""Standalone calls of the traffic streams (§5.5 step 3, §5.6), drawn as whole arrays."""

from __future__ import annotations

import numpy as np

from simulator.constants import ERROR_PROB, EXTRA_RATE_LIMIT_PROB, PROMPT_POOL_SIZE, SCENARIOS
from simulator.context import Context
from simulator.draws import (
    Frame,
    customer_fields,
    draw_error_types,
    draw_features,
    draw_tasks,
    latency,
    latency_draws,
    model_in_class,
    pick,
    pick_rows_of,
    uniform_int,
)
from simulator.parallel import parallel_map
from simulator.prompts import pooled_prompts, unique_prompts
from simulator.rng import rng
from simulator.scenarios import MODULES, feature_launch, timezone

CHUNK_ROWS = 1 << 16  # standalone rows drawn per chunk: cache-sized, and enough chunks to share out


def _rows_of(ctx: Context, code: np.ndarray, name: str) -> np.ndarray:
    return np.flatnonzero(code == SCENARIOS.index(name)) if name in ctx.plan.names else np.empty(0, int)


def standalone_calls(ctx: Context, stream_row: np.ndarray, hour: np.ndarray, purpose: str,
                     customer: np.ndarray | None = None, chunk: tuple[int, int] | None = None) -> Frame:
    """Calls of the given (stream row, hour) cells; ``customer`` fixes the customer (planted abuse).

    ``chunk`` = (number, first row) when these cells are one chunk of a larger set: the chunk
    then has its own generator and its one-off prompts continue the ordinals of the set.
    """
    gen = rng(ctx.seed, purpose) if chunk is None else rng(ctx.seed, purpose, chunk[0])
    first = 0 if chunk is None else chunk[1]
    cat, grid, pop, plan = ctx.cat, ctx.grid, ctx.pop, ctx.plan
    n = len(hour)
    code = plan.codes[stream_row]
    p = hour / grid.hours
    ts = grid.slot_start_us[hour] + (gen.random(n) * grid.slot_len_us[hour]).astype(np.int64)

    if customer is None:
        customer = np.empty(n, dtype=np.int64)
        tenant = np.zeros(n, dtype=bool)
        for name, module in MODULES.items():
            if getattr(module, "WEIGHT_BY_ORG_SIZE", False):
                tenant[_rows_of(ctx, code, name)] = True
        customer[~tenant] = ctx.volume_sampler.sample(gen, hour[~tenant], grid.hours)
        customer[tenant] = ctx.tenant_sampler.sample(gen, hour[tenant], grid.hours)
    f: Frame = customer_fields(ctx, gen, customer)
    f["ts"], f["code"] = ts, code.astype(np.int64)

    tz = _rows_of(ctx, code, "timezone")
    f["region"][tz] = timezone.override_region(cat, grid.utc_hour[hour[tz]], gen)

    feature = draw_features(ctx, gen, hour)
    launch = _rows_of(ctx, code, "feature_launch")
    relabel = feature_launch.relabel(grid.hours, hour[launch], gen)
    feature[launch[relabel]] = cat.index("features", feature_launch.FEATURE)
    f["feature"] = feature
    f["task"] = draw_tasks(cat, gen, feature)

    provider = pick(gen, cat.provider_weight, n)
    cls = pick_rows_of(gen, cat.feature_class_share, feature)
    model = model_in_class(cat, gen, provider, cls)
    for name, module in MODULES.items():
        if hasattr(module, "override_model"):
            rows = _rows_of(ctx, code, name)
            model[rows] = module.override_model(cat, p[rows], gen)
    f["model"] = model

    arche = pop.archetype[customer]
    factor = cat.feature_factor[feature]
    inp = uniform_int(gen, cat.archetype_input[:, 0][arche], cat.archetype_input[:, 1][arche])
    out = uniform_int(gen, cat.archetype_output[:, 0][arche], cat.archetype_output[:, 1][arche])
    inp = np.maximum(np.floor(inp * factor[:, 0] + 0.5).astype(np.int64), 1)
    out = np.maximum(np.floor(out * factor[:, 1] + 0.5).astype(np.int64), 1)

    reused = gen.random(n) < cat.feature_reuse[feature]
    slot = gen.integers(0, PROMPT_POOL_SIZE, n)
    pool_key = (pop.org[customer] * len(cat.features) + feature) * PROMPT_POOL_SIZE + slot
    power = cat.index("archetypes", "power")
    pool_hash, pool_tokens = pooled_prompts(
        ctx.seed, "feature", pool_key, cat.archetype_input[power, 0], cat.archetype_input[power, 1],
        factor[:, 0],
    )
    f["inp"] = np.where(reused, pool_tokens, inp)
    f["out"] = out
    f["prompt"] = np.where(reused, pool_hash, unique_prompts(ctx.seed, purpose, n, first))
    f["reused"] = reused
    f["cache_p"] = cat.feature_cache_read[feature]

    is_err = gen.random(n) < ERROR_PROB
    etype = np.full(n, -1, dtype=np.int64)
    etype[is_err] = draw_error_types(cat, gen, int(is_err.sum()))  # drawn for the failed calls only
    extra = plan.extra_rate_limit[stream_row, hour] & (gen.random(n) < EXTRA_RATE_LIMIT_PROB)
    etype[extra & ~is_err] = cat.index("error_types", "rate_limit")
    f["etype"] = etype
    f["out"][etype >= 0] = 0
    f.update(latency_draws(gen, n))
    f["latency"], f["ttft"] = latency(cat, f)
    f["wf"] = np.full(n, -1, dtype=np.int64)
    return f


def standalone_in_chunks(ctx: Context, stream_row: np.ndarray, hour: np.ndarray, purpose: str) -> Frame:
    """:func:`standalone_calls` of many cells, drawn in chunks of ``CHUNK_ROWS`` on every core.

    Each chunk's draws depend only on (seed, purpose, chunk number), never on the thread count.
    """
    n = len(hour)
    starts = range(0, max(n, 1), CHUNK_ROWS)
    parts = parallel_map(lambda a: standalone_calls(
        ctx, stream_row[a: a + CHUNK_ROWS], hour[a: a + CHUNK_ROWS], purpose,
        chunk=(a // CHUNK_ROWS, a)), starts)
    if len(parts) == 1:
        return parts[0]
    return dict(zip(parts[0], parallel_map(lambda k: np.concatenate([p[k] for p in parts]), parts[0]),
                    strict=True))
