"""Cost attribution by one whitelisted dimension over a period (§7.1 cost_attribution, §7.4)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.rounding import count, money


class Dimension(StrEnum):
    """The group_by whitelist of §7.4; FastAPI answers 422 for anything else."""

    user = "user"
    workflow = "workflow"
    organization = "organization"
    product = "product"
    feature = "feature"
    model = "model"
    agent = "agent"


def attribution(reader: SnapshotReader, org: str, group_by: Dimension, period: DateRange) -> dict[str, Any]:
    where, params = period.sql("period_start")
    rows = reader.rows(
        f"""select dimension_value as value, sum(cost_usd) as cost, sum(tokens) as tokens,
                   sum(calls) as calls, sum(executions) as executions
            from rpt_agents__cost_attribution
            where organization_id = ? and dimension = ? and period_type = 'day' and {where}
            group by dimension_value order by cost desc, dimension_value""",
        [org, group_by.value, *params],
    )
    with_executions = group_by is Dimension.workflow
    result: dict[str, dict[str, Any]] = {}
    for r in rows:
        item: dict[str, Any] = {
            "cost": money(r["cost"]),
            "tokens": count(r["tokens"]),
            "calls": count(r["calls"]),
        }
        if with_executions:
            item["executions"] = count(r["executions"])
        result[r["value"]] = item
    return {
        "group_by": group_by.value,
        "attribution": result,
        "total_cost": money(sum(r["cost"] for r in rows)),
        **period.to_dict(),
    }
