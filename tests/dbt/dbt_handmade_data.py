"""A small, deterministic raw layer written with SQL, so the dbt tests know every figure.

Two call batches: a simulator batch of 300 computed-cost calls, then a later CSV batch that
re-sends 10 of those call ids (they supersede the simulator rows, §3.6; one of them moves a
customer to another tier, i.e. attribute drift) and adds 5 calls of a model outside the price
book with a reported cost (unpriced, §3.5). The CSV batch also quarantined 4 rows. The expected
figures are recomputed here in plain Python from the same rows, independently of the SQL.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb
from dbt_price_oracle import list_cost

from include.reference import schema_columns
from include.warehouse import ensure_raw_schema

START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday
SIM_BATCH = "sim_handmade_calls_0000"
CSV_BATCH = "csv_handmade000000001"
SIM_LOADED = datetime(2025, 3, 6, 0, 0, tzinfo=UTC)
CSV_LOADED = datetime(2025, 3, 7, 0, 0, tzinfo=UTC)
QUARANTINED = (("bad_timestamp", 3), ("duplicate_row", 1))
MODELS = (("openai", "gpt-4o"), ("anthropic", "claude-sonnet-4-5"), ("google", "gemini-2.5-flash"))
REGIONS = ("us-east", "us-east", "eu-west", "ap-southeast")


def _call(i: int) -> dict:
    provider, model = MODELS[i % 3]
    customer = i % 20
    failed = i % 10 == 9
    call = {name: None for name in (c["column_name"] for c in schema_columns("call"))}
    call.update(
        call_id=f"c{i:04d}",
        timestamp=START + timedelta(minutes=10 * i),
        organization_id=f"org_{customer % 4:03d}",
        product_id="saas-platform",
        feature_id="chat" if i % 2 == 0 else "analysis",
        customer_id=f"cust_{customer:04d}",
        customer_archetype="light",
        subscription_tier="starter" if customer < 12 else "pro",
        tier_price_usd=49.0 if customer < 12 else 199.0,
        provider=provider,
        model=model,
        region=REGIONS[i % 4],
        environment="production",
        input_tokens=1000 + i,
        output_tokens=0 if failed else 200,
        cache_read_tokens=100 if i % 5 == 0 else 0,
        cache_creation_tokens=50 if i % 7 == 0 else 0,
        latency_ms=None if failed else 500.0 + i,
        ttft_ms=None if failed else 100.0,
        cost_source="computed",
        usage_source="reported",
        status="error" if failed else "success",
        error_type="rate_limit" if failed else None,
        http_status=429 if failed else 200,
        user_id=f"usr_{customer:04d}_01",
        metadata="{}",
    )
    call["total_tokens"] = call["input_tokens"] + call["output_tokens"]
    call["cost_usd"] = list_cost(call)
    return call


def simulator_calls() -> list[dict]:
    return [_call(i) for i in range(300)]


def csv_calls() -> list[dict]:
    """10 re-sent ids with a reported cost (c0000 moves cust_0000 to enterprise) + 5 unpriced."""
    rows = []
    for i in range(10):
        call = _call(i)
        call.update(cost_source="reported", cost_usd=round(call["cost_usd"] * 1.1, 12))
        if i == 0:
            call.update(subscription_tier="enterprise", tier_price_usd=999.0)
        rows.append(call)
    for j in range(5):
        call = _call(300 + j)
        call.update(call_id=f"x{j:04d}", provider="openai", model="mystery-model", cost_usd=0.05)
        call.update(cost_source="reported")
        rows.append(call)
    return rows


@dataclass(frozen=True)
class Expected:
    """The figures the marts must show for the handmade data."""

    calls: list[dict]

    @property
    def by_id(self) -> dict[str, dict]:
        return {c["call_id"]: c for c in self.calls}

    def percentile(self, values: list[float], p: float) -> float:
        ordered = sorted(values)
        rank = 1 + (len(ordered) - 1) * p
        low, high = math.floor(rank), math.ceil(rank)
        return ordered[low - 1] + (rank - low) * (ordered[high - 1] - ordered[low - 1])

    def share(self, key: str, value: str) -> float:
        return 100.0 * sum(1 for c in self.calls if c[key] == value) / len(self.calls)


def expected() -> Expected:
    """The accepted calls after supersede: CSV rows replace the simulator rows with their ids."""
    latest = {c["call_id"]: c for c in simulator_calls()}
    latest.update({c["call_id"]: c for c in csv_calls()})
    return Expected(calls=sorted(latest.values(), key=lambda c: c["call_id"]))


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    con.executemany(
        f"insert into {table} ({quoted}) values ({marks})", [[r[c] for c in columns] for r in rows]
    )


def _with_audit(rows: list[dict], source: str, batch: str, loaded: datetime) -> list[dict]:
    return [
        {**row, "source": source, "batch_id": batch, "row_number": n, "loaded_at": loaded}
        for n, row in enumerate(rows, start=1)
    ]


def write_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and write both batches, their quarantine rows and audit rows."""
    ensure_raw_schema(con)
    sim, csv_rows = simulator_calls(), csv_calls()
    _insert(con, "raw.calls", _with_audit(sim, "simulator", SIM_BATCH, SIM_LOADED))
    _insert(con, "raw.calls", _with_audit(csv_rows, "csv_import", CSV_BATCH, CSV_LOADED))
    quarantined = []
    for reason, count in QUARANTINED:
        for _ in range(count):
            quarantined.append(
                {
                    "source": "csv_import",
                    "batch_id": CSV_BATCH,
                    "kind": "calls",
                    "row_number": len(csv_rows) + len(quarantined) + 1,
                    "raw_content": "handmade,row",
                    "reason": reason,
                    "reason_detail": "handmade",
                    "loaded_at": CSV_LOADED,
                }
            )
    _insert(con, "raw.quarantine", quarantined)
    by_reason = {reason: count for reason, count in QUARANTINED}
    batches = [
        (SIM_BATCH, "simulator", len(sim), 0, {}, SIM_LOADED),
        (CSV_BATCH, "csv_import", len(csv_rows), len(quarantined), by_reason, CSV_LOADED),
    ]
    _insert(
        con,
        "raw.batches",
        [
            {
                "batch_id": batch,
                "source": source,
                "kind": "calls",
                "path": f"landing/{source}/calls/{batch}",
                "content_sha256": None,
                "bytes": 1000 * accepted,
                "rows_read": accepted + quarantined_rows,
                "rows_accepted": accepted,
                "rows_quarantined": quarantined_rows,
                "quarantined_by_reason": json.dumps(reasons),
                "params": "{}",
                "loaded_at": loaded,
            }
            for batch, source, accepted, quarantined_rows, reasons, loaded in batches
        ],
    )


def covered_dates(calls: list[dict]) -> set[date]:
    return {c["timestamp"].astimezone(UTC).date() for c in calls}
