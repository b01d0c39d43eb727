"""The call tree and critical path of one workflow execution (§7.2, §7.4).

The tree is rebuilt from ``rpt_agents__call_tree`` rows (already closed over ``parent_call_id`` in
SQL, with depth and issues); nodes the mart could not reach from a root (cycles, orphans under
them) are listed under ``chain_issues`` instead of the tree, so no input can make this loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from api.db import SnapshotReader
from api.rounding import count, money


def chain(reader: SnapshotReader, org: str, workflow_id: str) -> dict[str, Any]:
    rows = reader.rows(
        """select call_id, parent_call_id, depth, agent_name, model, own_tokens, own_cost_usd,
                  inclusive_cost_usd, inclusive_tokens, chain_issue, called_at
           from rpt_agents__call_tree where workflow_id = ? and organization_id = ?
           order by called_at, call_id""",
        [workflow_id, org],
    )
    if not rows:
        raise HTTPException(404, f"no workflow execution {workflow_id!r} with calls in this organization")
    nodes: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["depth"] is None:
            continue
        nodes[r["call_id"]] = {
            "call_id": r["call_id"],
            "agent_name": r["agent_name"],
            "model": r["model"],
            "tokens": count(r["own_tokens"]),
            "cost": money(r["own_cost_usd"]),
            "inclusive_cost": money(r["inclusive_cost_usd"]),
            "inclusive_tokens": count(r["inclusive_tokens"]),
            "depth": int(r["depth"]),
            "children": [],
        }
    roots = []
    for r in rows:  # already in (timestamp, call_id) order, so children come out in that order
        node = nodes.get(r["call_id"])
        if node is None:
            continue
        parent = nodes.get(r["parent_call_id"]) if r["parent_call_id"] else None
        if node["depth"] == 1 or parent is None:
            roots.append(node)
        else:
            parent["children"].append(node)
    path = reader.rows(
        """select step, call_id, agent_name, model, cost_usd, tokens, path_cost_usd
           from rpt_agents__critical_path where workflow_id = ? and organization_id = ? order by step""",
        [workflow_id, org],
    )
    return {
        "workflow_id": workflow_id,
        "total_calls": len(rows),
        "max_chain_depth": max((n["depth"] for n in nodes.values()), default=None),
        "call_tree": roots,
        "critical_path": [
            {
                "agent": p["agent_name"],
                "model": p["model"],
                "call_id": p["call_id"],
                "cost": money(p["cost_usd"]),
                "tokens": count(p["tokens"]),
            }
            for p in path
        ],
        "critical_path_cost": money(path[0]["path_cost_usd"]) if path else None,
        "chain_issues": [
            {"call_id": r["call_id"], "issue": r["chain_issue"]} for r in rows if r["chain_issue"]
        ],
    }
