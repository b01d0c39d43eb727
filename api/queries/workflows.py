"""One workflow's performance over a period (§7.4), from ``rpt_agents__workflow_executions``.

The period filters executions by start date, so the figures are those of
``rpt_agents__workflow_performance`` restricted to the period (equal to it for ``period=all``).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException

from api.db import SnapshotReader
from api.period import DateRange
from api.rounding import count, duration, money, rate


def workflow(reader: SnapshotReader, org: str, name: str, period: DateRange) -> dict[str, Any]:
    known = reader.one(
        "select 1 as ok from rpt_agents__workflow_performance"
        " where organization_id = ? and workflow_name = ?",
        [org, name],
    )
    if known is None:
        raise HTTPException(404, f"no workflow named {name!r} in this organization")
    where, params = period.sql("started_at::date")
    r = reader.one(
        f"""select count(*) as total_executions,
                   count(*) filter (where status = 'succeeded') as successful,
                   count(*) filter (where status = 'failed') as failed,
                   count(*) filter (where status = 'incomplete') as incomplete,
                   coalesce(sum(cost_usd), 0) as total_cost_usd,
                   coalesce(sum(cost_usd) filter (where status = 'failed'), 0) as failed_cost_usd,
                   coalesce(sum(total_tokens), 0) as total_tokens,
                   coalesce(sum(calls), 0) as total_calls,
                   avg(duration_seconds) filter (where ended_at is not null) as avg_duration_seconds,
                   quantile_cont(duration_seconds, 0.95) filter (where ended_at is not null)
                       as p95_duration_seconds
            from rpt_agents__workflow_executions
            where organization_id = ? and workflow_name = ? and {where}""",
        [org, name, *params],
    )
    assert r is not None  # an aggregate always returns a row
    n, ok, failed = count(r["total_executions"]), count(r["successful"]), count(r["failed"])
    cost, tokens, calls = r["total_cost_usd"], count(r["total_tokens"]), count(r["total_calls"])
    return {
        "workflow_name": name,
        "total_executions": n,
        "successful": ok,
        "failed": failed,
        "incomplete": count(r["incomplete"]),
        "success_rate": rate(ok / (ok + failed)) if ok + failed else None,
        "total_cost_usd": money(cost),
        "avg_cost_per_execution": money(cost / n) if n else None,
        "total_tokens": tokens,
        "avg_tokens_per_execution": rate(tokens / n) if n else None,
        "total_calls": calls,
        "avg_calls_per_execution": rate(calls / n) if n else None,
        "avg_duration_seconds": duration(r["avg_duration_seconds"]),
        "p95_duration_seconds": duration(r["p95_duration_seconds"]),
        "failed_cost_usd": money(r["failed_cost_usd"]),
        **period.to_dict(),
    }
