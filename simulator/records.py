"""Turn the final, time-ordered call frame and the workflow/session/budget arrays into Arrow
tables (string columns are built from codes with Arrow kernels, never a per-row loop)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from simulator import workflow_templates as wt
from simulator.constants import CLIENTS, ENVIRONMENTS, PLANTED_ABUSE, PRODUCTS, SCENARIOS, TASK_TYPES
from simulator.context import Context
from simulator.draws import Frame
from simulator.rng import decode, digits_matrix, fixed_strings, hex_ids, labels, mix64, salt_for
from simulator.sessions import session_hash
from simulator.tables import assemble, build_columns, build_table, constant, floats, timestamps

SCENARIO_LABELS = (*SCENARIOS, PLANTED_ABUSE)


def call_ids(prefix: str, ordinal: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """``prefix`` + 10 zero-padded digits of each ordinal; rows outside ``valid`` are NULL."""
    shown = ordinal if valid is None else ordinal[valid]
    return fixed_strings([prefix.encode(), digits_matrix(shown, 10)], len(ordinal), valid)


def workflow_hash(seed: int, wf: np.ndarray) -> np.ndarray:
    return mix64(np.maximum(wf, 0).astype(np.uint64), salt_for(seed, "workflow"))


def workflow_trace(seed: int, wf: np.ndarray) -> np.ndarray:
    return mix64(np.maximum(wf, 0).astype(np.uint64), salt_for(seed, "workflow-trace"))


# call columns that budget fallbacks (§5.10) and sessions (§5.8) still change after the time order
LATE_CALL_COLUMNS = frozenset({
    "provider", "model", "requested_model", "latency_ms", "ttft_ms", "cost_usd", "session_id",
})


def calls_table(ctx: Context, f: Frame, prefix: str, wf_template: np.ndarray,
                encoded: bool = False, first: int = 0) -> pa.Table:
    """Calls table of the frame ``f``, whose first row is call number ``first`` of the run
    (built column after column in the calling thread: callers parallelise over chunks)."""
    columns = {**calls_columns(ctx, f, prefix, wf_template, encoded, first, late=False),
               **calls_columns(ctx, f, prefix, wf_template, encoded, first, late=True)}
    return assemble("call", columns, encoded)


def calls_columns(ctx: Context, f: Frame, prefix: str, wf_template: np.ndarray, encoded: bool,
                  first: int, late: bool) -> dict[str, pa.Array]:
    """The call columns in LATE_CALL_COLUMNS (``late``) or the others, which are final as soon as
    the calls are in time order with their cache tokens, so they can be built meanwhile."""
    cat, pop, seed = ctx.cat, ctx.pop, ctx.seed
    n = len(f["ts"])
    ordinal = np.arange(first, first + n, dtype=np.int64)
    cust, is_err = f["cust"], f["etype"] >= 0
    in_wf = f["wf"] >= 0

    def trace() -> np.ndarray:
        return np.where(in_wf, workflow_trace(seed, f["wf"]),
                        mix64(ordinal.astype(np.uint64), salt_for(seed, "trace")))

    builders = {
        "call_id": lambda: call_ids(prefix, ordinal),
        "source_call_id": lambda: pa.nulls(n, pa.string()),
        "timestamp": lambda: timestamps(f["ts"]),
        "organization_id": lambda: labels(pop.org_ids, pop.org[cust]),
        "product_id": lambda: labels(PRODUCTS, pop.product[cust]),
        "feature_id": lambda: labels(cat.features, f["feature"]),
        "customer_id": lambda: labels(pop.customer_ids, cust),
        "customer_archetype": lambda: labels(cat.archetypes, pop.archetype[cust]),
        "subscription_tier": lambda: labels(cat.tiers, pop.tier[cust]),
        "tier_price_usd": lambda: pa.array(cat.tier_price[pop.tier[cust]]),
        "provider": lambda: labels(cat.providers, cat.model_provider[f["model"]]),
        "model": lambda: labels(cat.models, f["model"]),
        "requested_model": lambda: labels(cat.models, f["requested"]),
        "region": lambda: labels(cat.regions, f["region"]),
        "environment": lambda: labels(ENVIRONMENTS, f["env"]),
        "input_tokens": lambda: pa.array(f["inp"], pa.int64()),
        "output_tokens": lambda: pa.array(f["out"], pa.int64()),
        "total_tokens": lambda: pa.array(f["inp"] + f["out"], pa.int64()),
        "cache_read_tokens": lambda: pa.array(f["cread"], pa.int64()),
        "cache_creation_tokens": lambda: pa.array(f["cwrite"], pa.int64()),
        "latency_ms": lambda: floats(f["latency"]),
        "ttft_ms": lambda: floats(f["ttft"]),
        "cost_usd": lambda: pa.array(f["cost"], pa.float64()),
        "cost_source": lambda: constant("computed", n),
        "usage_source": lambda: constant("reported", n),
        "status": lambda: labels(("success", "error"), is_err.astype(np.int8)),
        "error_type": lambda: labels(cat.error_types, f["etype"]),
        "http_status": lambda: pa.array(
            np.where(is_err, cat.error_http[np.maximum(f["etype"], 0)], 200).astype(np.int16)),
        "api_key_hash": lambda: labels(pop.key_hashes, f["key"]),
        "client_id": lambda: labels(CLIENTS, f["client"]),
        "task_type": lambda: labels(TASK_TYPES, f["task"]),
        "session_id": lambda: hex_ids("ses_", session_hash(seed, f["session"])),
        "trace_id": lambda: hex_ids("", trace(), 32),
        "request_id": lambda: hex_ids("req_", mix64(ordinal.astype(np.uint64), salt_for(seed, "request"))),
        "user_id": lambda: labels(pop.user_ids, f["user"]),
        "workflow_id": lambda: hex_ids("wf_", workflow_hash(seed, f["wf"]), valid=in_wf),
        "workflow_name": lambda: labels(wt.NAMES, np.where(
            in_wf, np.append(wf_template, -1)[np.where(in_wf, f["wf"], -1)], -1)),
        "agent_name": lambda: labels(wt.AGENTS, f["agent"]),
        "parent_call_id": lambda: call_ids(prefix, f["parent"], valid=f["parent"] >= 0),
        "prompt_hash": lambda: hex_ids("", f["prompt"]),
        "scenario": lambda: labels(SCENARIO_LABELS, f["code"]),
        "metadata": lambda: constant("{}", n),
    }
    names = [name for name in builders if (name in LATE_CALL_COLUMNS) == late]
    return build_columns("call", n, builders, names, encoded, parallel=False)


def workflows_table(ctx: Context, w: dict[str, np.ndarray], encoded: bool = False) -> pa.Table:
    cat, pop, seed = ctx.cat, ctx.pop, ctx.seed
    n = len(w["started"])
    wf = np.arange(n, dtype=np.int64)
    trace = hex_ids("", workflow_trace(seed, wf), 32)
    metadata = pc.binary_join_element_wise(
        '{"scenario":"', decode(labels(SCENARIO_LABELS, w["code"])), '","trace_id":"', trace,
        '","planned_calls":', pc.cast(pa.array(w["planned"]), pa.string()), "}", "")
    builders = {
        "workflow_id": lambda: hex_ids("wf_", workflow_hash(seed, wf)),
        "workflow_name": lambda: labels(wt.NAMES, w["template"]),
        "organization_id": lambda: labels(pop.org_ids, pop.org[w["cust"]]),
        "customer_id": lambda: labels(pop.customer_ids, w["cust"]),
        "user_id": lambda: labels(pop.user_ids, w["user"]),
        "session_id": lambda: hex_ids("ses_", session_hash(seed, w["session"])),
        "started_at": lambda: timestamps(w["started"]),
        "ended_at": lambda: timestamps(w["ended"]),
        "success": lambda: pa.array(w["success"], pa.bool_()),
        "failure_error_type": lambda: labels(cat.error_types, w["failure"]),
        "metadata": lambda: metadata,
    }
    return build_table("workflow", n, builders, encoded)


def sessions_table(ctx: Context, s: dict[str, np.ndarray], encoded: bool = False) -> pa.Table:
    pop, n = ctx.pop, len(s["key"])
    cust = s["cust"]
    builders = {
        "session_id": lambda: hex_ids("ses_", session_hash(ctx.seed, s["key"])),
        "user_id": lambda: labels(pop.user_ids, s["user"]),
        "customer_id": lambda: labels(pop.customer_ids, cust),
        "organization_id": lambda: labels(pop.org_ids, pop.org[cust]),
        "started_at": lambda: timestamps(s["started"]),
        "ended_at": lambda: timestamps(s["ended"]),
        "session_source": lambda: constant("explicit", n),
    }
    return build_table("session", n, builders, encoded)


def budgets_table(ctx: Context, b: dict[str, np.ndarray], valid_from_days: int,
                  encoded: bool = False) -> pa.Table:
    cat, n = ctx.cat, len(b["org"])
    builders = {
        "organization_id": lambda: labels(ctx.pop.org_ids, b["org"]),
        "monthly_budget_usd": lambda: pa.array(b["monthly"], pa.float64()),
        "enforcement": lambda: constant("fallback", n),
        "fallback_provider": lambda: labels(cat.providers, cat.model_provider[b["model"]]),
        "fallback_model": lambda: labels(cat.models, b["model"]),
        "valid_from": lambda: pa.array(np.full(n, valid_from_days, dtype=np.int32), pa.int32()).cast(
            pa.date32()),
    }
    return build_table("budget", n, builders, encoded)
