"""Agents, models and the dashboard: sums of the daily usage marts over a period (§7.1, §7.4)."""

from __future__ import annotations

from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.queries.optimization import opportunity_totals
from api.rounding import count, money


def agents(reader: SnapshotReader, org: str, period: DateRange) -> dict[str, Any]:
    where, params = period.sql("date")
    rows = reader.rows(
        f"""select agent_name, sum(calls) as calls, sum(total_tokens) as tokens, sum(cost_usd) as cost,
                   list(distinct model order by model) as models_used
            from rpt_agents__usage_daily where organization_id = ? and {where}
            group by agent_name order by cost desc, agent_name""",
        [org, *params],
    )
    return {
        "agents": {
            r["agent_name"]: {
                "calls": count(r["calls"]),
                "tokens": count(r["tokens"]),
                "cost": money(r["cost"]),
                "models_used": list(r["models_used"]),
            }
            for r in rows
        },
        "total_cost": money(sum(r["cost"] for r in rows)),
        **period.to_dict(),
    }


def models(reader: SnapshotReader, org: str, period: DateRange) -> dict[str, Any]:
    where, params = period.sql("date")
    rows = reader.rows(
        f"""select model, sum(calls) as calls, sum(input_tokens) as input_tokens,
                   sum(output_tokens) as output_tokens, sum(cost_usd) as cost
            from rpt_agents__model_daily where organization_id = ? and {where}
            group by model order by cost desc, model""",
        [org, *params],
    )
    return {
        "models": {
            r["model"]: {
                "calls": count(r["calls"]),
                "input_tokens": count(r["input_tokens"]),
                "output_tokens": count(r["output_tokens"]),
                "cost": money(r["cost"]),
            }
            for r in rows
        },
        "total_cost": money(sum(r["cost"] for r in rows)),
        **period.to_dict(),
    }


def overview(reader: SnapshotReader, org: str, period: DateRange, top: int = 5) -> dict[str, Any]:
    where, params = period.sql("date")
    s = reader.one(
        f"""select coalesce(sum(cost_usd), 0) as cost, coalesce(sum(total_tokens), 0) as tokens,
                   coalesce(sum(calls), 0) as calls
            from rpt_agents__model_daily where organization_id = ? and {where}""",
        [org, *params],
    ) or {"cost": 0.0, "tokens": 0, "calls": 0}
    top_agents = reader.rows(
        f"""select agent_name as name, sum(calls) as calls, sum(cost_usd) as cost
            from rpt_agents__usage_daily where organization_id = ? and {where}
            group by agent_name order by cost desc, agent_name limit ?""",
        [org, *params, top],
    )
    top_models = reader.rows(
        f"""select model as name, sum(calls) as calls, sum(cost_usd) as cost
            from rpt_agents__model_daily where organization_id = ? and {where}
            group by model order by cost desc, model limit ?""",
        [org, *params, top],
    )
    opportunities, savings = opportunity_totals(reader, org, period.label)
    calls = count(s["calls"])
    return {
        "summary": {
            "total_cost_usd": money(s["cost"]),
            "total_tokens": count(s["tokens"]),
            "total_calls": calls,
            "avg_cost_per_call": money(s["cost"] / calls) if calls else None,
        },
        "top_agents": {
            r["name"]: {"calls": count(r["calls"]), "cost": money(r["cost"])} for r in top_agents
        },
        "top_models": {
            r["name"]: {"calls": count(r["calls"]), "cost": money(r["cost"])} for r in top_models
        },
        "optimization": {"opportunities_count": opportunities, "potential_savings_usd": money(savings)},
        **period.to_dict(),
    }
