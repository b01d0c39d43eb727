"""Planted abuse (§5.9): a few light or power customers on starter or pro get one abuse pattern.

k = max(1, ⌊customers ÷ 100⌋) customers after the first 27 are chosen by the seeded generator;
the i-th gets ``PATTERNS[i % 7]`` (see :mod:`simulator.abuse_patterns`). Patterns add calls or
replace the customer's own calls; every added or replaced call carries the scenario
``planted_abuse`` (feature_spam's relabelling of the customer's existing calls to chat keeps
their scenario: those calls are changed, not planted). The net change is absorbed by the
``base`` stream: surplus rows overwrite randomly chosen ``base`` calls of other customers (a
deficit is filled with extra ``base`` calls), so the run keeps its exact size. All planted
calls are drawn in one batch and written in place, so planting costs O(planted rows) plus one
pass over two columns. A pattern that does not fit in the ``base`` allocation or in the window
is skipped; without a ``base`` stream nothing is planted.

The chosen customers' agent executions are handed to other customers (same hour, same
workflow), so every call of a planted customer is a standalone call the pattern controls: a
cadence or an off-hours share is then exact rather than diluted by workflow bursts.
"""

from __future__ import annotations

import numpy as np

from simulator.abuse_patterns import PATTERNS, PLANTED_CODE, PLANTERS, Customer, Plan, base_hours
from simulator.constants import FIRST_COVERAGE_CUSTOMERS, SCENARIOS
from simulator.context import Context
from simulator.draws import Frame, customer_fields
from simulator.rng import rng
from simulator.standalone import standalone_calls

__all__ = ["PATTERNS", "choose_customers", "plant"]

ELIGIBLE_ARCHETYPES = ("light", "power")
ELIGIBLE_TIERS = ("starter", "pro")


def choose_customers(ctx: Context) -> np.ndarray:
    """The planted customers in pattern order (§5.9 eligibility, seeded choice)."""
    pop, cat = ctx.pop, ctx.cat
    k = max(1, pop.customers // 100)
    arche = np.isin(pop.archetype, [cat.index("archetypes", a) for a in ELIGIBLE_ARCHETYPES], kind="table")
    tier = np.isin(pop.tier, [cat.index("tiers", t) for t in ELIGIBLE_TIERS], kind="table")
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
    flag = np.zeros(ctx.pop.customers, dtype=bool)
    flag[chosen] = True
    _reassign_workflows(ctx, flag, wf_frame, workflows)

    mine = flag[alone["cust"]]
    own = np.flatnonzero(mine)
    own_cust = alone["cust"][own]
    spare = np.flatnonzero((alone["code"] == SCENARIOS.index("base")) & ~mine)

    accepted: list[tuple[Plan, int]] = []
    net = 0
    for i, cust in enumerate(chosen.tolist()):
        gen = rng(ctx.seed, "abuse", 1, i)
        who = Customer(cust, own[own_cust == cust], f"abuse-{i}")
        plan = PLANTERS[PATTERNS[i % len(PATTERNS)]](ctx, gen, alone, who)
        if plan is None or net + plan.size - len(plan.drop) > len(spare):
            continue  # does not fit in the window or in the base stream's allocation
        net += plan.size - len(plan.drop)
        accepted.append((plan, cust))
    if not accepted:
        return frames

    # one batch of calls for every accepted plan, then each plan shapes its slice
    hours = np.concatenate([p.hours for p, _ in accepted]).astype(np.int64)
    owner = np.concatenate([np.full(len(p.hours), c, dtype=np.int64) for p, c in accepted])
    drawn = standalone_calls(ctx, np.full(len(hours), base_row, dtype=np.int64), hours, "abuse",
                             customer=owner)
    drawn["code"][:] = PLANTED_CODE
    edges = np.cumsum([0] + [len(p.hours) for p, _ in accepted])
    added = [p.finish({k: v[a:b] for k, v in drawn.items()})
             for (p, _), a, b in zip(accepted, edges[:-1], edges[1:], strict=True)]
    removed = [p.drop for p, _ in accepted]

    gen = rng(ctx.seed, "abuse", 2)
    if net > 0:
        removed.append(spare[np.sort(gen.choice(len(spare), net, replace=False))])
    elif net < 0:
        n = -net
        added.append(standalone_calls(ctx, np.full(n, base_row, dtype=np.int64),
                                      base_hours(ctx, gen, n), "abuse-refill"))
    slots = np.concatenate(removed)
    for k, v in alone.items():
        v[slots] = np.concatenate([a[k] for a in added])
    return frames


def _reassign_workflows(ctx: Context, planted: np.ndarray, f: Frame, wf: dict[str, np.ndarray]) -> None:
    """Hand the planted customers' executions to customers drawn as §5.7 draws them.

    ``planted`` flags the planted customers. Region is kept so the already timed calls keep
    their latency; user, key, client and environment follow the new customer.
    """
    moved = np.flatnonzero(planted[wf["cust"]])
    if len(moved) == 0:
        return
    gen = rng(ctx.seed, "abuse", 3)
    hour = ctx.grid.hour_of(wf["started"][moved]).clip(0, ctx.grid.hours - 1)
    cust = wf["cust"][moved].copy()
    for _ in range(1000):
        again = np.flatnonzero(planted[cust])
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
