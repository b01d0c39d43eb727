"""§5.7 / §5.13 workflows: tree shape, sizes, failure rate, timing; §5.8 sessions."""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pyarrow.compute as pc


def workflow_calls(result) -> dict[str, list[dict]]:
    calls = result.calls.filter(pc.is_valid(result.calls.column("workflow_id")))
    by_wf: dict[str, list[dict]] = defaultdict(list)
    for row in calls.select(["call_id", "workflow_id", "parent_call_id", "agent_name", "status",
                             "trace_id", "timestamp", "latency_ms", "session_id"]).to_pylist():
        by_wf[row["workflow_id"]].append(row)
    return by_wf


def test_agent_share_is_met_with_whole_workflows(agent_heavy) -> None:
    n_wf_calls = pc.sum(pc.is_valid(agent_heavy.calls.column("workflow_id"))).as_py()
    assert 0.85 * 40_000 <= n_wf_calls < 0.85 * 40_000 + 8


def test_trees_sizes_and_failures(agent_heavy) -> None:
    workflows = {r["workflow_id"]: r for r in agent_heavy.workflows.to_pylist()}
    by_wf = workflow_calls(agent_heavy)
    assert len(workflows) >= 5_000 and set(by_wf) == set(workflows)
    for wf_id, calls in by_wf.items():
        record = workflows[wf_id]
        ids = {c["call_id"]: c for c in calls}
        roots = [c for c in calls if c["parent_call_id"] is None]
        assert len(roots) == 1 and roots[0]["agent_name"] == "Orchestrator"
        for c in calls:
            depth, node = 1, c
            while node["parent_call_id"] is not None:
                node = ids[node["parent_call_id"]]
                depth += 1
            assert depth <= 4
        assert len({c["trace_id"] for c in calls}) == 1
        assert len({c["session_id"] for c in calls}) == 1 and calls[0]["session_id"] == record["session_id"]
        errors = [c for c in calls if c["status"] == "error"]
        if record["success"]:
            assert 3 <= len(calls) <= 8 and not errors
        else:
            last = max(calls, key=lambda c: c["timestamp"])
            assert errors == [last] and record["failure_error_type"] is not None
        assert record["started_at"] == min(c["timestamp"] for c in calls)
        assert record["ended_at"] < agent_heavy.params.window_end
    failure_rate = 1 - np.mean([w["success"] for w in workflows.values()])
    assert abs(failure_rate - 0.04) <= 0.01


def test_calls_run_one_after_another(agent_heavy) -> None:
    for calls in list(workflow_calls(agent_heavy).values())[:500]:
        calls.sort(key=lambda c: c["timestamp"])
        for prev, nxt in itertools.pairwise(calls):
            gap_ms = (nxt["timestamp"] - prev["timestamp"]).total_seconds() * 1000 - prev["latency_ms"]
            assert 49 <= gap_ms <= 501


def test_sessions_cover_every_call(small) -> None:
    sessions = {r["session_id"]: r for r in small.sessions.to_pylist()}
    assert set(small.calls.column("session_id").to_pylist()) == set(sessions)
    assert all(s["session_source"] == "explicit" and s["ended_at"] >= s["started_at"]
               for s in sessions.values())
    users = small.calls.group_by("session_id").aggregate([("user_id", "count_distinct")])
    assert pc.max(users.column("user_id_count_distinct")).as_py() == 1
