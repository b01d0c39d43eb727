"""Sessions by cost (§7.4): a page of ``rpt_agents__sessions`` started in the period."""

from __future__ import annotations

from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.rounding import count, duration, money


def sessions(
    reader: SnapshotReader, org: str, period: DateRange, limit: int, offset: int
) -> dict[str, Any]:
    where, params = period.sql("started_at::date")
    rows = reader.rows(
        f"""select session_id, user_id, total_cost_usd, total_tokens, workflow_count, duration_seconds,
                   calls, started_at, ended_at, session_source, count(*) over () as total
            from rpt_agents__sessions where organization_id = ? and {where}
            order by total_cost_usd desc, session_id limit ? offset ?""",
        [org, *params, limit, offset],
    )
    return {
        "sessions": [
            {
                "session_id": r["session_id"],
                "user_id": r["user_id"],
                "total_cost_usd": money(r["total_cost_usd"]),
                "total_tokens": count(r["total_tokens"]),
                "workflow_count": count(r["workflow_count"]),
                "duration_seconds": duration(r["duration_seconds"]),
                "calls": count(r["calls"]),
                "started_at": r["started_at"].isoformat() if r["started_at"] else None,
                "session_source": r["session_source"],
            }
            for r in rows
        ],
        "total_sessions": count(rows[0]["total"]) if rows else _count(reader, org, where, params),
        "limit": limit,
        "offset": offset,
        **period.to_dict(),
    }


def _count(reader: SnapshotReader, org: str, where: str, params: list[object]) -> int:
    """Sessions in the period when the requested page is empty (an offset past the end)."""
    row = reader.one(
        f"select count(*) as n from rpt_agents__sessions where organization_id = ? and {where}",
        [org, *params],
    )
    return count(row["n"] if row else 0)
