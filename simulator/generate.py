"""The generation pipeline: workflows, standalone streams, planted abuse, time order and ids,
cache and cost, budgets, sessions, then Arrow tables. Every step is vectorised over all rows; the
standalone draws and the calls table go in fixed-size chunks over every core (chunk sizes are
constants, so the output never depends on the number of threads)."""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from simulator import abuse
from simulator.budgets import apply_budgets
from simulator.context import Context, build_context
from simulator.draws import Frame
from simulator.parallel import parallel_map, workers
from simulator.params import SimulationParams
from simulator.pricing import add_cache_tokens, billing_input_mask, call_cost
from simulator.records import budgets_table, calls_columns, sessions_table, workflows_table
from simulator.rng import mix64, salt_for
from simulator.sessions import assign_sessions
from simulator.sorting import stable_argsort
from simulator.standalone import standalone_in_chunks
from simulator.streams import allocate
from simulator.tables import assemble
from simulator.timegrid import DAY_US
from simulator.workflows import plan_executions, workflow_calls


@dataclass(frozen=True)
class SimulationResult:
    """In-memory output of one run: the four record tables, calls in time order."""

    params: SimulationParams
    calls: pa.Table
    workflows: pa.Table
    sessions: pa.Table
    budgets: pa.Table
    customers: int
    organizations: int

    def table(self, kind: str) -> pa.Table:
        return {"calls": self.calls, "workflows": self.workflows, "sessions": self.sessions,
                "budgets": self.budgets}[kind]


FILL: dict[str, int] = {"agent": -1, "parent": -1, "requested": -1}
# rows per in-memory calls chunk: one Parquet row group (simulator.writers.ROW_GROUP_ROWS)
CHUNK_ROWS = 122_880


def merge_in_order(frames: list[Frame], rank: np.ndarray) -> Frame:
    """The frames' rows, concatenated and moved to their ``rank`` in one scatter per column.

    A frame's ``parent`` (a row of that frame) becomes the parent's rank; columns missing from a
    frame get their neutral fill value; the latency uniforms are left out (see LATENCY_DRAWS).
    """
    bounds = np.cumsum([0] + [len(fr["ts"]) for fr in frames])
    keys = [k for k in dict.fromkeys(k for fr in frames for k in fr) if k not in LATENCY_DRAWS]

    def place(k: str) -> np.ndarray:
        present = [fr[k] for fr in frames if k in fr]
        out = np.empty(int(bounds[-1]), dtype=NARROW.get(k, np.result_type(*present)))
        for i, fr in enumerate(frames):
            at = rank[bounds[i]: bounds[i + 1]]
            if k not in fr:
                out[at] = FILL[k]
            elif k == "parent":
                v = fr[k]
                out[at] = np.where(v >= 0, rank[np.maximum(v, 0) + bounds[i]], -1)
            else:
                out[at] = fr[k]
        return out

    return dict(zip(keys, parallel_map(place, keys), strict=True))


# Columns whose values fit a narrower integer than int64: the time-order scatter moves a quarter
# to an eighth of the bytes. Every later use indexes with them or widens them explicitly.
NARROW: dict[str, type[np.integer]] = {
    "cust": np.int32, "user": np.int32, "key": np.int32, "wf": np.int32, "inp": np.int32,
    "out": np.int32, "cread": np.int32, "cwrite": np.int32, "model": np.int16, "client": np.int8,
    "region": np.int8, "env": np.int8, "code": np.int8, "feature": np.int8, "task": np.int8,
    "etype": np.int8, "agent": np.int8,
}
# the stored uniforms of latency(): after the time order only budget fallbacks read them, through
# the permutation, so they are not moved
LATENCY_DRAWS = ("u_ttft", "u_gen", "u_err")


def _workflow_target(params: SimulationParams) -> int:
    return math.ceil(params.agent_share * params.target_rows) if params.agent_share > 0 else 0


@dataclass(frozen=True)
class Drawn:
    """Every record of a run as arrays, before any Arrow table: calls in time order."""

    params: SimulationParams
    ctx: Context
    calls: Frame
    workflows: dict[str, np.ndarray]
    sessions: dict[str, np.ndarray]
    budgets: dict[str, np.ndarray]

    @property
    def rows(self) -> int:
        return len(self.calls["ts"])


def draw(params: SimulationParams, step: Callable[[str], None],
         ordered: Callable[[Context, Frame, dict[str, np.ndarray]], None] | None = None) -> Drawn:
    """All the random draws and derived values of a run (§5), stage by stage.

    ``ordered(ctx, calls, workflows)`` is called once the calls are in time order with their
    cache tokens and costs, before budgets and sessions: the columns outside LATE_CALL_COLUMNS
    are final from then on (a caller may start building them meanwhile).
    """
    step("population")
    ctx = build_context(params)
    rows = params.target_rows

    step("workflows")
    ex = plan_executions(ctx, _workflow_target(params))
    cum = np.cumsum(ex["calls"])
    keep = int(np.searchsorted(cum, rows, side="right"))  # never more workflow calls than rows
    ex = {k: v[:keep] for k, v in ex.items()}
    with ThreadPoolExecutor(1, thread_name_prefix="simulator-workflows") as side:
        # the workflow calls and the standalone calls are independent draws: drawn side by side
        wf_future = side.submit(workflow_calls, ctx, ex)

        step("standalone calls")
        n_standalone = rows - int(ex["calls"].sum())
        stream_row, hour = allocate(ctx.plan, n_standalone)
        alone = standalone_in_chunks(ctx, stream_row, hour, "standalone")
        wf_frame, wf_records = wf_future.result()
    frames = abuse.plant(ctx, [alone, wf_frame], wf_records)

    step("time order and ids")
    order = time_order(ctx, np.concatenate([fr["ts"] for fr in frames]))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    unsorted = {k: np.concatenate([fr[k] for fr in frames]) for k in LATENCY_DRAWS}
    f = merge_in_order(frames, rank)

    step("cache and cost")
    price_row = ctx.prices.rows_at(f["model"], f["ts"])
    add_cache_tokens(ctx, f, price_row)
    f["cost"] = call_cost(ctx.prices, billing_input_mask(ctx), f, price_row)
    del f["reused"], f["cache_p"]
    if ordered is not None:
        ordered(ctx, f, wf_records)

    step("budgets")
    budgets = apply_budgets(ctx, f, params.window_days, unsorted, order)

    step("sessions")
    sessions = _sessions(ctx, f, wf_records)
    return Drawn(params, ctx, f, wf_records, sessions, budgets)


class ChunkBuilder:
    """Builds the calls table chunk by chunk on ``pool``: the early columns as soon as the calls
    are in time order (``start``, the ``ordered`` hook of :func:`draw`), the late ones (see
    LATE_CALL_COLUMNS) once budgets and sessions are drawn (``finish``)."""

    def __init__(self, params: SimulationParams, pool: Executor, bounds: list[tuple[int, int]],
                 encoded: bool) -> None:
        self.params, self.pool, self.bounds, self.encoded = params, pool, bounds, encoded
        self.early: dict[tuple[int, int], Future[dict[str, pa.Array]]] = {}

    def _columns(self, ctx: Context, f: Frame, template: np.ndarray, a: int, b: int,
                 late: bool) -> dict[str, pa.Array]:
        rows = {k: v[a:b] for k, v in f.items()}
        return calls_columns(ctx, rows, self.params.call_id_prefix, template, self.encoded, a, late)

    def start(self, ctx: Context, f: Frame, workflows: dict[str, np.ndarray]) -> None:
        # a snapshot of the frame's columns: draw() goes on adding columns to ``f`` while the
        # pool reads (budgets change some arrays in place, but only LATE_CALL_COLUMNS read them)
        frame = dict(f)
        for a, b in self.bounds:
            self.early[a, b] = self.pool.submit(self._columns, ctx, frame, workflows["template"], a,
                                                b, False)

    def _chunk(self, drawn: Drawn, a: int, b: int) -> pa.Table:
        late = self._columns(drawn.ctx, drawn.calls, drawn.workflows["template"], a, b, True)
        return assemble("call", {**self.early[a, b].result(), **late}, self.encoded)

    def finish(self, drawn: Drawn, bounds: list[tuple[int, int]]) -> list[Future[pa.Table]]:
        """Futures of the chunks ``bounds`` (each one of the bounds given at construction)."""
        return [self.pool.submit(self._chunk, drawn, a, b) for a, b in bounds]


def chunk_bounds(rows: int) -> list[tuple[int, int]]:
    """[start, stop) of the in-memory calls chunks (at least one, possibly empty)."""
    return [(a, min(a + CHUNK_ROWS, rows)) for a in range(0, max(rows, 1), CHUNK_ROWS)]


def other_tables(drawn: Drawn, encoded: bool = False) -> dict[str, pa.Table]:
    """The workflows, sessions and budgets tables."""
    ctx = drawn.ctx
    start_day = int(ctx.grid.start_us // DAY_US)
    return {
        "workflows": workflows_table(ctx, drawn.workflows, encoded),
        "sessions": sessions_table(ctx, drawn.sessions, encoded),
        "budgets": budgets_table(ctx, drawn.budgets, start_day, encoded),
    }


def result_of(drawn: Drawn, calls: pa.Table, others: dict[str, pa.Table]) -> SimulationResult:
    return SimulationResult(params=drawn.params, calls=calls, customers=drawn.ctx.pop.customers,
                            organizations=len(drawn.ctx.pop.org_ids), **others)


def generate(params: SimulationParams, progress: Callable[[str], None] | None = None, *,
             encoded: bool = False) -> SimulationResult:
    """Simulate one run in memory (§5). ``progress`` is called with a stage name as each starts.

    The calls table comes in chunks of ``CHUNK_ROWS`` rows, built on every core. ``encoded``
    leaves the text columns built from codes as Arrow dictionary arrays (same values, see
    :func:`simulator.tables.build_table`).
    """
    step = progress or (lambda _stage: None)
    with ThreadPoolExecutor(workers(), thread_name_prefix="simulator-build") as pool:
        builder = ChunkBuilder(params, pool, chunk_bounds(params.target_rows), encoded)
        drawn = draw(params, step, builder.start)
        step("tables")
        chunks = [c.result() for c in builder.finish(drawn, builder.bounds)]
    return result_of(drawn, pa.concat_tables(chunks), other_tables(drawn, encoded))


def time_order(ctx: Context, ts: np.ndarray) -> np.ndarray:
    """Permutation sorting calls by (timestamp, seeded tie-break key) (§5.11).

    The tie-break is packed below the microsecond offset into one uint64 so a single sort
    suffices; rows that also tie on those bits keep their (deterministic) generation order.
    """
    span = max(int(ctx.grid.end_us - ctx.grid.start_us), 1)
    spare = 64 - span.bit_length()
    tiebreak = mix64(np.arange(len(ts), dtype=np.uint64), salt_for(ctx.seed, "tiebreak"))
    key = ((ts - ctx.grid.start_us).astype(np.uint64) << np.uint64(spare)) | (
        tiebreak >> np.uint64(64 - spare))
    return stable_argsort(key)


def _sessions(ctx: Context, f: Frame, wf: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Session keys onto calls and workflows (§5.8); returns the session records."""
    alone = np.flatnonzero(f["wf"] < 0)
    lat_us = np.floor(np.nan_to_num(f["latency"]) * 1000 + 0.5).astype(np.int64)
    user = np.concatenate([f["user"][alone], wf["user"]])
    start = np.concatenate([f["ts"][alone], wf["started"]])
    end = np.concatenate([f["ts"][alone] + lat_us[alone], wf["ended"]])
    keys, records = assign_sessions(ctx.seed, user, start, end)
    session = np.empty(len(f["ts"]), dtype=np.int64)
    session[alone] = keys[: len(alone)]
    wf["session"] = keys[len(alone):]
    in_wf = f["wf"] >= 0
    session[in_wf] = wf["session"][f["wf"][in_wf]]
    f["session"] = session
    owner = np.repeat(np.arange(ctx.pop.customers), ctx.pop.user_count)
    records["cust"] = owner[records["user"]]
    return records
