"""Optimization opportunities (§7.3) as the seed-003 list, from ``rpt_agents__optimization_opportunities``.

The mart holds the opportunities of each organization per period (7d, 30d, 90d, all, relative to
its latest call); §7.3 makes the whole window (``all``) the default of this endpoint. A custom
start/end range has no precomputed opportunities, so it is answered with ``all`` and says so.
"""

from __future__ import annotations

from typing import Any

from api.db import SnapshotReader
from api.rounding import count, money

# opportunity type → the seed's entity key
ENTITY_KEY = {"expensive_agent": "agent", "low_success_agent": "agent", "expensive_model": "model"}
PRIORITY_ORDER = "case priority when 'high' then 0 when 'medium' then 1 else 2 end"
TABLE = "rpt_agents__optimization_opportunities"
STANDARD = ("7d", "30d", "90d", "all")


def _period_filter(reader: SnapshotReader, period: str) -> tuple[str, list[Any], str]:
    has_period = reader.memoized(  # the snapshot's columns only change with the snapshot
        ("has_period", TABLE),
        lambda: reader.one(
            "select 1 as ok from duckdb_columns() where table_name = ? and column_name = 'period'",
            [TABLE],
        ),
    )
    if has_period is None:
        return "true", [], "all"
    label = period if period in STANDARD else "all"
    return "period = ?", [label], label


def opportunity_totals(reader: SnapshotReader, org: str, period: str = "all") -> tuple[int, float]:
    where, params, _ = _period_filter(reader, period)
    r = reader.one(
        f"""select count(*) as n, coalesce(sum(potential_savings_usd), 0) as s
            from {TABLE} where organization_id = ? and {where}""",
        [org, *params],
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
        item["count"] = count(r.get("count"))
        item["wasted_cost"] = money(r.get("wasted_cost_usd") or r.get("current_cost_usd"))
    else:
        item["current_cost"] = money(r.get("current_cost_usd"))
        if r.get("count") is not None:
            item["count"] = count(r["count"])
    if r.get("target_model"):
        item["target_model"] = r["target_model"]
    item["recommendation"] = r["recommendation"]
    item["potential_savings"] = money(r["potential_savings_usd"])
    return item


def opportunities(reader: SnapshotReader, org: str, period: str = "all") -> dict[str, Any]:
    where, params, label = _period_filter(reader, period)
    rows = reader.rows(
        f"""select * from {TABLE} where organization_id = ? and {where}
            order by {PRIORITY_ORDER}, potential_savings_usd desc, type, entity_id""",
        [org, *params],
    )
    return {
        "opportunities": [_item(r) for r in rows],
        "total_potential_savings": money(sum(r["potential_savings_usd"] for r in rows)),
        "period": label,
    }
