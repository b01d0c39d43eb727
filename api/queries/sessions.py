"""Sessions by cost (§7.4): a page of ``rpt_agents__sessions`` started in the period."""

from __future__ import annotations

from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.rounding import count, duration, money

# A TIMESTAMPTZ as Python's isoformat() text in UTC, formatted by DuckDB: handing 1,000 timestamps
# to Python (through pytz) and formatting them there cost more than the whole page query.
ISO_UTC = (
    "strftime(timezone('UTC', {col}), '%Y-%m-%dT%H:%M:%S') "
    "|| if(epoch_us({col}) % 1000000 = 0, '', strftime(timezone('UTC', {col}), '.%f')) || '+00:00'"
)


def sessions(
    reader: SnapshotReader, org: str, period: DateRange, limit: int, offset: int
) -> dict[str, Any]:
    where, params = period.sql("started_at::date")
    rows = reader.rows(
        f"""select * exclude (started_at), {ISO_UTC.format(col="started_at")} as started_at
            from (select session_id, user_id, total_cost_usd, total_tokens, workflow_count,
                         duration_seconds, calls, started_at, session_source
                  from rpt_agents__sessions where organization_id = ? and {where}
                  order by total_cost_usd desc, session_id limit ? offset ?)
            order by total_cost_usd desc, session_id""",
        [org, *params, limit, offset],
    )
    # the total is a second, cheap query: `count(*) over ()` in the page query makes DuckDB sort
    # every session of the period instead of keeping only the top `limit + offset` (3× slower)
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
                "started_at": r["started_at"],
                "session_source": r["session_source"],
            }
            for r in rows
        ],
        "total_sessions": _count(reader, org, where, params),
        "limit": limit,
        "offset": offset,
        **period.to_dict(),
    }


def _count(reader: SnapshotReader, org: str, where: str, params: list[object]) -> int:
    """Sessions started in the period (all pages)."""
    row = reader.one(
        f"select count(*) as n from rpt_agents__sessions where organization_id = ? and {where}",
        [org, *params],
    )
    return count(row["n"] if row else 0)
