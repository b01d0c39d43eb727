"""Workflow, session and budget batches (catalogue §2.4–§2.6): their checks and quarantine reasons."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from loading_kit import Env

from include.loading.api import load_files

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
WORKFLOW = pa.schema([
    ("workflow_id", pa.string()), ("workflow_name", pa.string()), ("organization_id", pa.string()),
    ("customer_id", pa.string()), ("user_id", pa.string()), ("session_id", pa.string()),
    ("started_at", pa.timestamp("us", tz="UTC")), ("ended_at", pa.timestamp("us", tz="UTC")),
    ("success", pa.bool_()), ("failure_error_type", pa.string()), ("metadata", pa.string()),
])  # fmt: skip
BUDGET = pa.schema([
    ("organization_id", pa.string()), ("monthly_budget_usd", pa.float64()), ("enforcement", pa.string()),
    ("fallback_provider", pa.string()), ("fallback_model", pa.string()), ("valid_from", pa.date32()),
])  # fmt: skip


def land(env: Env, kind: str, rows: list[dict], schema: pa.Schema) -> Path:
    dest = env.landing / "api" / kind / f"api_{kind}_0001.parquet"
    dest.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), dest)
    return dest


def workflow(i: int, **changes) -> dict:
    row = {
        "workflow_id": f"wf_{i}",
        "workflow_name": "Research",
        "organization_id": "org_001",
        "customer_id": "cust_0001",
        "user_id": None,
        "session_id": None,
        "started_at": T0,
        "ended_at": T0 + timedelta(seconds=30),
        "success": True,
        "failure_error_type": None,
        "metadata": "{}",
    }
    row.update(changes)
    return row


def test_workflow_checks(env):
    rows = [
        workflow(1),
        workflow(2, ended_at=T0 - timedelta(seconds=1)),  # ends before it starts
        workflow(1),  # exact repeat of row 1
        workflow(1, workflow_name="Other"),  # same key, other values
        workflow(3, started_at=None),
        workflow(4, metadata="[not an object"),
        workflow(5, ended_at=None, success=None, workflow_name=None, organization_id=None),  # incomplete
    ]
    report = load_files(env.warehouse, [land(env, "workflows", rows, WORKFLOW)])
    env.assert_reconciles(report)
    got = env.sql("select row_number, reason from raw.quarantine order by 1")
    assert got == [
        (2, "bad_interval"),
        (3, "duplicate_row"),
        (4, "duplicate_key"),
        (5, "missing_required_field"),
        (6, "bad_json_metadata"),
    ]
    accepted = env.sql(
        "select workflow_id, workflow_name, organization_id, ended_at, source from raw.workflows"
        " order by row_number"
    )
    assert accepted == [
        ("wf_1", "Research", "org_001", T0 + timedelta(seconds=30), "api"),
        ("wf_5", "unknown", "unknown", None, "api"),
    ]
    detail = env.one("select reason_detail from raw.quarantine where reason = 'bad_interval'")
    assert "ended_at" in detail and "before" in detail
    assert (
        json.loads(env.one("select raw_content from raw.quarantine where row_number = 2"))["workflow_id"]
        == "wf_2"
    )


def test_budget_checks(env):
    def budget(org: str, **changes) -> dict:
        row = {
            "organization_id": org,
            "monthly_budget_usd": 500.0,
            "enforcement": "fallback",
            "fallback_provider": "openai",
            "fallback_model": "gpt-4o-mini",
            "valid_from": date(2026, 1, 1),
        }
        row.update(changes)
        return row

    rows = [
        budget("org_001"),
        budget("org_002", monthly_budget_usd=0.0),
        budget("org_003", enforcement="shout"),
        budget("org_004", fallback_model="no-such-model"),
        budget("org_005", enforcement="Block", fallback_provider=None, fallback_model=None),
        budget(
            "org_001", valid_from=date(2026, 2, 1), monthly_budget_usd=800.0
        ),  # a later row: same org is fine
    ]
    report = load_files(env.warehouse, [land(env, "budgets", rows, BUDGET)])
    env.assert_reconciles(report)
    assert env.sql("select row_number, reason from raw.quarantine order by 1") == [
        (2, "invalid_budget"),
        (3, "invalid_budget"),
        (4, "invalid_budget"),
    ]
    assert env.sql(
        "select organization_id, enforcement, valid_from from raw.budgets order by row_number"
    ) == [
        ("org_001", "fallback", date(2026, 1, 1)),
        ("org_005", "block", date(2026, 1, 1)),
        ("org_001", "fallback", date(2026, 2, 1)),
    ]
