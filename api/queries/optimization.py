"""Optimization opportunities (§7.3) as the seed-003 list, from ``rpt_agents__optimization_opportunities``.

The mart computes the opportunities over the organization's whole window (§7.3's default), so the
response says ``period: all`` whatever period the caller asked for.
"""

from __future__ import annotations

from typing import Any

from api.db import SnapshotReader
from api.rounding import count, money

# opportunity type → the seed's entity key
ENTITY_KEY = {"expensive_agent": "agent", "low_success_agent": "agent", "expensive_model": "model"}
PRIORITY_ORDER = "case priority when 'high' then 0 when 'medium' then 1 else 2 end"


def _rows(reader: SnapshotReader, org: str) -> list[dict[str, Any]]:
    return reader.rows(
        f"""select * from rpt_agents__optimization_opportunities where organization_id = ?
            order by {PRIORITY_ORDER}, potential_savings_usd desc, type, entity_id""",
        [org],
    )


def opportunity_totals(reader: SnapshotReader, org: str) -> tuple[int, float]:
    r = reader.one(
        """select count(*) as n, coalesce(sum(potential_savings_usd), 0) as s
           from rpt_agents__optimization_opportunities where organization_id = ?""",
        [org],
    )
    return (count(r["n"]), float(r["s"])) if r else (0, 0.0)


def _item(r: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"type": r["type"], "priority": r["priority"]}
    key = ENTITY_KEY.get(r["type"])
    if key:
        item[key] = r["entity_id"]
    else:
        item["entity_id"] = r["entity_id"]
    if r["type"] == "failed_workflows":
        item["count"] = count(r.get("failed_count"))
        item["wasted_cost"] = money(r.get("wasted_cost_usd", r.get("current_cost_usd")))
    else:
        item["current_cost"] = money(r.get("current_cost_usd"))
    if r.get("type") == "caching":
        item["count"] = count(r.get("repeat_calls"))
    if r.get("target_model"):
        item["target_model"] = r["target_model"]
    item["recommendation"] = r["recommendation"]
    item["potential_savings"] = money(r["potential_savings_usd"])
    return item


def opportunities(reader: SnapshotReader, org: str) -> dict[str, Any]:
    rows = _rows(reader, org)
    return {
        "opportunities": [_item(r) for r in rows],
        "total_potential_savings": money(sum(r["potential_savings_usd"] for r in rows)),
        "period": "all",
    }
