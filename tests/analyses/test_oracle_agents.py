"""Oracle for §7 agents: workflow costs, call chains, critical paths, attribution and caching in pandas.

Everything is recomputed from ``fct_calls`` and ``raw``-derived workflow rows with plain Python and
pandas: the call trees by walking parent links in Python (not the SQL recursion), the critical path
by enumerating every root-to-leaf path and applying the §7.2 tie rules directly, the repeat calls by
comparing each successful call with the previous one of its prompt group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pytest

from include.reference import threshold
from tests.analyses.oracle import assert_close, assert_frames_close

DIMENSIONS = {
    "user": "user_id",
    "workflow": "workflow_name",
    "organization": "organization_id",
    "product": "product_id",
    "feature": "feature_id",
    "model": "model",
    "agent": "agent_name",
    "customer": "customer_id",
    "provider": "provider",
}


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def workflow_calls(calls) -> pd.DataFrame:
    return calls[calls["workflow_id"].notna()].copy()


@dataclass
class Tree:
    """One workflow's chain, walked in Python: depth and root-path sums of every reachable node."""

    depth: dict[str, int] = field(default_factory=dict)
    inclusive_cost: dict[str, float] = field(default_factory=dict)
    critical_path: list[str] = field(default_factory=list)
    critical_cost: float | None = None


def _walk(nodes: pd.DataFrame, workflow_of: dict[str, str | None]) -> Tree:
    """§7.2 on one workflow: valid links stay in the workflow; broken links make roots."""
    limit = int(threshold("chain_depth_limit"))
    rows = {r.call_id: r for r in nodes.itertuples(index=False)}
    children: dict[str, list[str]] = {}
    roots = []
    for r in rows.values():
        parent = r.parent_call_id
        if parent is None or pd.isna(parent) or workflow_of.get(parent, "\0missing") != r.workflow_id:
            roots.append(r.call_id)
        else:
            children.setdefault(parent, []).append(r.call_id)
    tree = Tree()
    paths: list[list[str]] = []
    stack = [(root, [root]) for root in roots]
    while stack:
        node, path = stack.pop()
        tree.depth[node] = len(path)
        kids = children.get(node, []) if len(path) < limit else []
        if not kids:
            paths.append(path)
        stack.extend((kid, [*path, kid]) for kid in kids)
    for node in tree.depth:  # inclusive = own + every reachable descendant
        total, todo = 0.0, [node]
        while todo:
            current = todo.pop()
            total += rows[current].cost_usd
            todo.extend(kid for kid in children.get(current, []) if kid in tree.depth)
        tree.inclusive_cost[node] = total
    if paths:
        def key(path: list[str]) -> tuple:
            cost = 0.0
            for n in path:  # root to leaf, the order SQL accumulates in
                cost += rows[n].cost_usd
            tokens = sum(int(rows[n].total_tokens) for n in path)
            sequence = [(rows[n].timestamp, n) for n in path]
            return (-cost, -tokens, sequence)

        best = min(paths, key=key)
        tree.critical_path = best
        tree.critical_cost = -key(best)[0]
    return tree


@pytest.fixture(scope="module")
def trees(calls, workflow_calls) -> dict[str, Tree]:
    workflow_of = dict(zip(calls["call_id"], calls["workflow_id"], strict=True))
    return {wf: _walk(group, workflow_of) for wf, group in workflow_calls.groupby("workflow_id")}


def test_workflow_costs_are_sums_of_own_costs(analysis_warehouse, workflow_calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_agents__workflow_executions")
    oracle = (
        workflow_calls.groupby("workflow_id")
        .agg(calls=("call_id", "size"), total_tokens=("total_tokens", "sum"), cost_usd=("cost_usd", "sum"))
        .reset_index()
    )
    assert len(oracle) > 0
    mart = mart[mart["calls"] > 0]
    columns = ["calls", "total_tokens", "cost_usd"]
    assert_frames_close(mart, oracle, ["workflow_id"], columns, "workflow executions")


def test_critical_paths_depths_and_inclusive_costs(analysis_warehouse, trees) -> None:
    executions = analysis_warehouse.table("marts.rpt_agents__workflow_executions").set_index("workflow_id")
    steps = analysis_warehouse.table("marts.rpt_agents__critical_path").sort_values(["workflow_id", "step"])
    tree_mart = analysis_warehouse.table("marts.rpt_agents__call_tree").set_index("call_id")
    mart_paths = steps.groupby("workflow_id")["call_id"].apply(list).to_dict()
    assert trees
    for workflow_id, tree in trees.items():
        row = executions.loc[workflow_id]
        assert_close(row["critical_path_cost_usd"], tree.critical_cost, f"{workflow_id} critical_path_cost")
        assert mart_paths[workflow_id] == tree.critical_path, f"{workflow_id} critical path"
        assert row["max_depth"] == max(tree.depth.values()), f"{workflow_id} max_depth"
        for node, inclusive in tree.inclusive_cost.items():
            assert tree_mart.loc[node, "depth"] == tree.depth[node], f"{node} depth"
            assert_close(tree_mart.loc[node, "inclusive_cost_usd"], inclusive, f"{node} inclusive cost")


def test_attribution_buckets(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_agents__cost_attribution")
    frame = calls.copy()
    frame["period_start"] = pd.to_datetime(frame["call_date"])
    for dimension, column in DIMENSIONS.items():
        frame["dimension_value"] = frame[column].fillna("(none)")
        oracle = (
            frame.groupby(["organization_id", "dimension_value", "period_start"])
            .agg(cost_usd=("cost_usd", "sum"), tokens=("total_tokens", "sum"), calls=("call_id", "size"))
            .reset_index()
        )
        days = mart[(mart["dimension"] == dimension) & (mart["period_type"] == "day")].copy()
        days["period_start"] = pd.to_datetime(days["period_start"])
        days = days[days["calls"] > 0]
        keys = ["organization_id", "dimension_value", "period_start"]
        columns = ["cost_usd", "tokens", "calls"]
        assert_frames_close(days, oracle, keys, columns, f"attribution {dimension} by day")
        for period_type in ["week", "month"]:
            totals = mart[(mart["dimension"] == dimension) & (mart["period_type"] == period_type)]
            by_org = totals.groupby("organization_id")["cost_usd"].sum()
            expected = calls.groupby("organization_id")["cost_usd"].sum()
            for org, cost in expected.items():
                assert_close(by_org[org], cost, f"attribution {dimension} {period_type} total of {org}")


def test_caching_savings(analysis_warehouse, calls) -> None:
    ttl = pd.Timedelta(hours=threshold("caching_ttl_hours"))
    keys = ["organization_id", "provider", "model", "prompt_hash"]
    ok = calls[calls["is_success"] & calls["prompt_hash"].notna()]
    ok = ok.sort_values([*keys, "timestamp", "call_id"])
    previous = ok.groupby(keys)["timestamp"].shift(1)
    ok = ok.assign(is_repeat=(ok["timestamp"] - previous) <= ttl)
    ok["saving"] = ok["cost_usd"].where(ok["is_repeat"], 0.0)
    oracle = (
        ok.groupby(keys)
        .agg(successful_calls=("call_id", "size"), repeat_calls=("is_repeat", "sum"),
             total_cost_usd=("cost_usd", "sum"), potential_savings_usd=("saving", "sum"))
        .reset_index()
    )
    oracle = oracle[oracle["repeat_calls"] > 0]
    assert len(oracle) > 0, "the simulator reuses prompts: some repeat calls must exist"
    mart = analysis_warehouse.table("marts.rpt_agents__caching_opportunities")
    columns = ["successful_calls", "repeat_calls", "total_cost_usd", "potential_savings_usd"]
    assert_frames_close(mart, oracle, keys, columns, "caching opportunities")
    dashboard = analysis_warehouse.table("marts.rpt_agents__dashboard")
    totals = dashboard[dashboard["period"] == "all"].set_index("organization_id")
    for org, cost in calls.groupby("organization_id")["cost_usd"].sum().items():
        assert_close(totals.loc[org, "total_cost_usd"], cost, f"dashboard all total cost of {org}")


def test_workflow_performance(analysis_warehouse, calls) -> None:
    workflows = analysis_warehouse.table("staging.stg_workflows")
    cost = calls.groupby("workflow_id")["cost_usd"].sum()
    workflows["cost_usd"] = workflows["workflow_id"].map(cost).fillna(0.0)
    workflows["status"] = workflows["success"].map({True: "succeeded", False: "failed"}).fillna("incomplete")
    rows = []
    for (org, name), group in workflows.groupby(["organization_id", "workflow_name"]):
        succeeded = int((group["status"] == "succeeded").sum())
        failed = int((group["status"] == "failed").sum())
        rows.append({
            "organization_id": org, "workflow_name": name, "total_executions": len(group),
            "successful": succeeded, "failed": failed,
            "success_rate": succeeded / (succeeded + failed) if succeeded + failed else float("nan"),
            "total_cost_usd": group["cost_usd"].sum(),
            "failed_cost_usd": group.loc[group["status"] == "failed", "cost_usd"].sum(),
        })
    oracle = pd.DataFrame(rows)
    mart = analysis_warehouse.table("marts.rpt_agents__workflow_performance")
    columns = ["total_executions", "successful", "failed", "success_rate", "total_cost_usd",
               "failed_cost_usd"]
    assert_frames_close(mart, oracle, ["organization_id", "workflow_name"], columns, "workflow performance")
