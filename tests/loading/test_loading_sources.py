"""Every landed format loads: simulator Parquet (all four record kinds), its seed-001 CSV, SDK JSONL.

The simulator and the SDK run for real here (a few thousand rows, one SDK batch); their files are
loaded from the landing zone exactly as the pipeline does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from loading_kit import Env

from include.loading.api import ImportFileError, import_csv, load_files, load_landing
from include.reference import schema_columns
from simulator.api import SimulationParams, run_simulation

TABLES = {
    "calls": "raw.calls",
    "workflows": "raw.workflows",
    "sessions": "raw.sessions",
    "budgets": "raw.budgets",
}
PARAMS = SimulationParams(seed=11, rows=3000, window_days=3, window_end=datetime(2026, 1, 10, tzinfo=UTC))


@pytest.fixture(scope="module")
def simulated(tmp_path_factory) -> tuple[Env, dict, list[Path]]:
    """A small simulator run landed with its seed-001 CSV, all its batches loaded once."""
    env = Env(tmp_path_factory.mktemp("sources"))
    manifest = run_simulation(PARAMS, env.landing, csv_path=env.root / "in" / "sim.csv")
    files = [env.landing / f["path"] for f in manifest["files"]]
    report = load_files(env.warehouse, files)
    env.assert_reconciles(report)
    return env, manifest, files


def test_simulator_parquet_batches_load_every_kind(simulated):
    env, manifest, _ = simulated
    for f in manifest["files"]:
        table = TABLES[f["kind"]]
        count = env.one(f"select count(*) from {table} where batch_id = ?", [f["batch_id"]])
        assert count == f["rows"] > 0, f
        numbers = env.one(
            f"select min(row_number), max(row_number), count(distinct row_number), "
            f"count(*) filter (where source <> 'simulator' or loaded_at is null) "
            f"from {table} where batch_id = ?",
            [f["batch_id"]],
        )
        assert numbers == (1, f["rows"], f["rows"], 0)
    assert env.one("select count(*) from raw.quarantine") == 0


def test_simulator_run_manifest_is_recorded_with_the_batch(simulated):
    env, manifest, _ = simulated
    calls = next(f for f in manifest["files"] if f["kind"] == "calls")
    params = json.loads(env.one("select params from raw.batches where batch_id = ?", [calls["batch_id"]]))
    assert params["format"] == "parquet"
    assert params["run"]["run_id"] == manifest["run_id"]


def test_parquet_values_arrive_unchanged(simulated):
    """The simulator writes canonical rows: raw.calls must equal the Parquet file column by column."""
    env, _, files = simulated
    calls_file = next(p for p in files if p.parent.name == "calls")
    names = [c["column_name"] for c in schema_columns("call")]
    cols = ", ".join(f'"{n}"' if n != "metadata" else "json(metadata)::varchar as metadata" for n in names)
    con = duckdb.connect(str(env.warehouse), read_only=True)
    try:
        differ = con.execute(f"""
            select count(*) from (
                (select {cols} from read_parquet('{calls_file}') except all
                 select {cols} from raw.calls where batch_id = '{calls_file.stem}')
                union all
                (select {cols} from raw.calls where batch_id = '{calls_file.stem}' except all
                 select {cols} from read_parquet('{calls_file}'))
            )
        """).fetchone()[0]
    finally:
        con.close()
    assert differ == 0


def test_seed001_csv_of_the_run_imports_to_the_same_calls(simulated):
    """§3.3: the 19-column layout is lossless; the CSV batch equals the Parquet batch."""
    env, _, files = simulated
    landed = import_csv(env.root / "in" / "sim.csv", env.landing)
    report = load_files(env.warehouse, [landed])
    env.assert_reconciles(report)
    assert report.batches[0].rows_accepted == PARAMS.rows
    calls_batch = next(p for p in files if p.parent.name == "calls").stem
    names = [c["column_name"] for c in schema_columns("call")]
    cols = ", ".join(f'"{n}"' if n != "metadata" else "json(metadata)::varchar" for n in names)
    differ = env.one(
        f"""
        select count(*) from (
            (select {cols} from raw.calls where batch_id = ? except all
             select {cols} from raw.calls where batch_id = ?)
            union all
            (select {cols} from raw.calls where batch_id = ? except all
             select {cols} from raw.calls where batch_id = ?)
        )""",
        [calls_batch, landed.stem, landed.stem, calls_batch],
    )
    assert differ == 0


def test_bad_values_in_a_parquet_batch_are_quarantined_with_the_row_as_json(env):
    """Typed batches pass the same §3.5 checks; raw_content is the row as JSON."""
    names = [c["column_name"] for c in schema_columns("call")]
    src = run_simulation(SimulationParams(seed=5, rows=200, window_days=1), env.root / "sim")
    calls = pq.read_table(env.root / "sim" / next(f["path"] for f in src["files"] if f["kind"] == "calls"))
    rows = calls.slice(0, 3).to_pylist()
    rows[1]["input_tokens"] = -4
    rows[2]["metadata"] = "not json"
    dest = env.landing / "api" / "calls" / "api_batch_0001.parquet"
    dest.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=calls.schema).select(names), dest)
    report = load_files(env.warehouse, [dest])
    env.assert_reconciles(report)
    assert report.batches[0].source == "api"
    got = env.sql("select row_number, reason, raw_content from raw.quarantine order by 1")
    assert [(r[0], r[1]) for r in got] == [(2, "negative_tokens"), (3, "bad_json_metadata")]
    assert json.loads(got[0][2])["input_tokens"] == -4
    assert json.loads(got[0][2])["call_id"] == rows[1]["call_id"]


def test_parquet_without_a_schema_column_is_rejected(env):
    dest = env.landing / "simulator" / "calls" / "sim_x_calls_0000.parquet"
    dest.parent.mkdir(parents=True)
    pq.write_table(pa.table({"call_id": ["a"], "timestamp": [datetime(2026, 1, 1, tzinfo=UTC)]}), dest)
    with pytest.raises(ImportFileError, match="missing schema column"):
        load_files(env.warehouse, [dest])
    assert env.one("select count(*) from raw.batches") == 0


def sdk_batch(root: Path) -> list[Path]:
    """Real SDK traffic through its file sink: <landing>/sdk/calls/<batch_id>.jsonl."""
    from finops_sdk import MetadataBuilder, Tracker

    tracker = Tracker("file", landing_dir=root / "landing", spool_dir=root / "spool", register_atexit=False)
    md = (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_007")
        .feature("chat")
        .environment("staging")
        .build()
    )
    try:
        for i in range(4):
            tracker.track_call(
                provider="openai",
                model="gpt-4o-mini",
                input_tokens=100 + i,
                output_tokens=20,
                latency_ms=300.0,
                metadata=md,
            )
        tracker.track_call(
            provider="anthropic",
            model="claude-sonnet-4-5-20250929",
            input_tokens=50,
            output_tokens=5,
            metadata=md,
        )
        assert tracker.flush(30)
    finally:
        tracker.close()
    return sorted((root / "landing" / "sdk" / "calls").glob("*.jsonl"))


def test_sdk_jsonl_batches_load(env):
    files = sdk_batch(env.root)
    assert files
    report = load_landing(env.warehouse, env.landing)
    env.assert_reconciles(report)
    assert {b.source for b in report.batches} == {"sdk"}
    assert report.rows_accepted == 5 and report.rows_quarantined == 0
    rows = env.sql(
        "select provider, model, organization_id, customer_id, source, metadata from raw.calls"
        " order by input_tokens"
    )
    assert rows[0][:5] == ("anthropic", "claude-sonnet-4-5", "org_007", "cust_0001", "sdk")
    assert json.loads(rows[0][5])["model_raw"] == "claude-sonnet-4-5-20250929"
    assert {r[1] for r in rows[1:]} == {"gpt-4o-mini"}


def test_bad_jsonl_lines_are_quarantined_with_their_text(env):
    files = sdk_batch(env.root)
    lines = files[0].read_text().splitlines()
    broken = json.loads(lines[0])
    broken["timestamp"] = "not a time"
    extra = [json.dumps(broken), '{"call_id": "x", "timestamp": ', "[1, 2]"]
    files[0].write_text("\n".join([*lines, *extra]) + "\n")
    report = load_files(env.warehouse, files)
    env.assert_reconciles(report)
    n = len(lines)
    got = env.sql("select row_number, reason, raw_content from raw.quarantine order by 1")
    assert [(r[0], r[1]) for r in got] == [
        (n + 1, "bad_timestamp"),
        (n + 2, "wrong_column_count"),
        (n + 3, "wrong_column_count"),
    ]
    assert [r[2] for r in got] == extra


def test_padded_text_in_a_parquet_batch_is_trimmed(env):
    names = [c["column_name"] for c in schema_columns("call")]
    src = run_simulation(SimulationParams(seed=6, rows=100, window_days=1), env.root / "sim")
    calls = pq.read_table(env.root / "sim" / next(f["path"] for f in src["files"] if f["kind"] == "calls"))
    rows = calls.slice(0, 2).to_pylist()
    rows[0]["provider"] = f"  {rows[0]['provider']} "
    rows[0]["customer_id"] = f" {rows[0]['customer_id']}"
    rows[1]["customer_id"] = "   "
    dest = env.landing / "api" / "calls" / "api_padded.parquet"
    dest.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=calls.schema).select(names), dest)
    report = load_files(env.warehouse, [dest])
    env.assert_reconciles(report)
    assert env.one("select provider, customer_id, metadata from raw.calls") == (
        rows[0]["provider"].strip(),
        rows[0]["customer_id"].strip(),
        rows[0]["metadata"],
    )
    assert env.one("select reason from raw.quarantine") == "missing_required_field"
