"""Helpers of the loader tests: CSV builders and a throw-away warehouse + landing zone with SQL helpers.

Every test runs the real loader against a real DuckDB file in a temporary folder; the inputs are
small CSV texts written here, simulator runs of a few thousand rows and real SDK files.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from include.loading.api import LoadReport, import_csv, load_files

# the seed-001 layout (§3.2), in file order
SEED001 = (
    "timestamp", "organization_id", "product_id", "feature_id", "customer_id", "customer_archetype",
    "subscription_tier", "tier_price_usd", "provider", "model", "region", "input_tokens", "output_tokens",
    "total_tokens", "latency_ms", "cost_usd", "status", "error_type", "metadata",
)  # fmt: skip


def good_row(**changes: Any) -> dict[str, str]:
    """A valid seed-001 row (every value as CSV text); ``changes`` override single fields."""
    row = {
        "timestamp": "2026-01-05T10:00:00Z",
        "organization_id": "org_001",
        "product_id": "api-service",
        "feature_id": "chat",
        "customer_id": "cust_0001",
        "customer_archetype": "light",
        "subscription_tier": "pro",
        "tier_price_usd": "199",
        "provider": "openai",
        "model": "gpt-4o",
        "region": "us-east",
        "input_tokens": "1000",
        "output_tokens": "200",
        "total_tokens": "1200",
        "latency_ms": "850",
        "cost_usd": "0.0045",
        "status": "success",
        "error_type": "",
        "metadata": "{}",
    }
    row.update({k: str(v) for k, v in changes.items()})
    return row


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = SEED001) -> str:
    """RFC 4180 text with a header row; a row lacking a column leaves that field empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


@dataclass
class Env:
    """One test's warehouse file and landing zone, with helpers to import and query."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", newline="")
        else:
            path.write_bytes(text)
        return path

    def import_text(self, text: str | bytes, name: str = "calls.csv") -> tuple[Path, LoadReport]:
        """``import-csv`` then load: the landed path and the load report."""
        landed = import_csv(self.write(name, text), self.landing)
        return landed, load_files(self.warehouse, [landed])

    def sql(self, query: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(query, params or []).fetchall()
        finally:
            con.close()

    def one(self, query: str, params: list | None = None) -> Any:
        rows = self.sql(query, params)
        assert len(rows) == 1, rows
        return rows[0][0] if len(rows[0]) == 1 else rows[0]

    def calls(self, batch_id: str | None = None) -> list[dict[str, Any]]:
        """raw.calls rows as dicts (metadata parsed), in row_number order."""
        where = "where batch_id = ?" if batch_id else ""
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            cur = con.execute(
                f"select * from raw.calls {where} order by batch_id, row_number",
                [batch_id] if batch_id else [],
            )
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        finally:
            con.close()
        for r in rows:
            r["metadata"] = json.loads(r["metadata"])
        return rows

    def assert_reconciles(self, report: LoadReport) -> None:
        """§3.8 in the report and in SQL: read = accepted + quarantined, per batch, table by table."""
        assert report.reconciles
        for b in report.batches:
            assert b.rows_read == b.rows_accepted + b.rows_quarantined
            table = {
                "calls": "raw.calls",
                "workflows": "raw.workflows",
                "sessions": "raw.sessions",
                "budgets": "raw.budgets",
            }[b.kind]
            accepted = self.one(f"select count(*) from {table} where batch_id = ?", [b.batch_id])
            quarantined = self.one("select count(*) from raw.quarantine where batch_id = ?", [b.batch_id])
            read, acc, quar, by_reason = self.one(
                "select rows_read, rows_accepted, rows_quarantined, quarantined_by_reason from raw.batches"
                " where batch_id = ?",
                [b.batch_id],
            )
            assert (accepted, quarantined) == (b.rows_accepted, b.rows_quarantined)
            assert (read, acc, quar) == (b.rows_read, b.rows_accepted, b.rows_quarantined)
            assert read == acc + quar
            assert json.loads(by_reason) == b.quarantined_by_reason
            sql_by_reason = dict(
                self.sql(
                    "select reason, count(*) from raw.quarantine where batch_id = ? group by 1", [b.batch_id]
                )
            )
            assert sql_by_reason == b.quarantined_by_reason
