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
    """The dashboard: precomputed by ``rpt_agents__dashboard`` for 7d/30d/90d/all (periods ending at
    the organization's latest call, to the microsecond); summed from the daily marts for a custom
    start/end range (whole dates)."""
    if period.label in ("7d", "30d", "90d", "all"):
        return _precomputed_overview(reader, org, period.label, top)
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


def _precomputed_overview(reader: SnapshotReader, org: str, label: str, top: int) -> dict[str, Any]:
    row = reader.one(
        "select * from rpt_agents__dashboard where organization_id = ? and period = ?", [org, label]
    )
    ranked = reader.rows(
        """select kind, name, calls, cost_usd from rpt_agents__dashboard_rankings
           where organization_id = ? and period = ? and rank <= ? order by kind, rank""",
        [org, label, top],
    )
    if row is None:  # an organization without calls
        row = {
            "total_cost_usd": 0.0,
            "total_tokens": 0,
            "total_calls": 0,
            "avg_cost_per_call": None,
            "opportunities_count": 0,
            "potential_savings_usd": 0.0,
            "deduplicated_potential_savings_usd": 0.0,
            "as_of": None,
            "period_start": None,
        }

    def top_of(kind: str) -> dict[str, Any]:
        return {
            r["name"]: {"calls": count(r["calls"]), "cost": money(r["cost_usd"])}
            for r in ranked
            if r["kind"] == kind
        }

    return {
        "summary": {
            "total_cost_usd": money(row["total_cost_usd"]),
            "total_tokens": count(row["total_tokens"]),
            "total_calls": count(row["total_calls"]),
            "avg_cost_per_call": money(row["avg_cost_per_call"]),
        },
        "top_agents": top_of("agent"),
        "top_models": top_of("model"),
        "optimization": {
            "opportunities_count": count(row["opportunities_count"]),
            "potential_savings_usd": money(row["potential_savings_usd"]),
            "deduplicated_potential_savings_usd": money(row["deduplicated_potential_savings_usd"]),
        },
        "period": label,
        "start": row["period_start"].isoformat() if row["period_start"] else None,
        "as_of": row["as_of"].isoformat() if row["as_of"] else None,
    }
