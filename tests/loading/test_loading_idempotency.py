"""Loading a batch again replaces it, in one transaction (docs/architecture.md, "The raw layer")."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from loading_kit import csv_text, good_row

from include.loading.api import LoadError, drop_batches, import_csv, load_files, load_landing
from simulator.api import SimulationParams, run_simulation

RAW = ("raw.calls", "raw.workflows", "raw.sessions", "raw.budgets", "raw.quarantine", "raw.batches")


def counts(env) -> dict[str, int]:
    return {t: env.one(f"select count(*) from {t}") for t in RAW}


@pytest.fixture
def run(env):
    """A landed simulator run of 1,000 calls plus an imported CSV with two quarantined rows."""
    params = SimulationParams(seed=3, rows=1000, window_days=2, window_end=datetime(2026, 1, 10, tzinfo=UTC))
    manifest = run_simulation(params, env.landing)
    rows = [good_row(), good_row(input_tokens="-1", total_tokens=""), good_row(status="??")]
    import_csv(env.write("x.csv", csv_text(rows)), env.landing)
    return manifest


def test_loading_twice_changes_nothing(env, run):
    files = [env.landing / f["path"] for f in run["files"]]
    first = load_landing(env.warehouse, env.landing)
    env.assert_reconciles(first)
    before = counts(env)
    assert before["raw.calls"] == 1000 + 1 and before["raw.quarantine"] == 2
    assert before["raw.batches"] == len(files) + 1
    # every file again, explicitly: each batch is replaced, nothing is added
    again = load_files(env.warehouse, [*files, *env.landing.glob("csv_import/calls/*.csv")])
    env.assert_reconciles(again)
    assert counts(env) == before
    assert again.to_dict()["rows_read"] == first.to_dict()["rows_read"]
    # the landing scan skips unchanged batches, and reloads them all with force
    assert load_landing(env.warehouse, env.landing).batches == []
    forced = load_landing(env.warehouse, env.landing, force=True)
    assert len(forced.batches) == len(files) + 1
    assert counts(env) == before


def test_reloaded_batch_replaces_its_rows_and_keeps_other_batches(env, run):
    load_landing(env.warehouse, env.landing)
    calls = env.landing / next(f["path"] for f in run["files"] if f["kind"] == "calls")
    first_loaded = env.one("select max(loaded_at) from raw.calls where batch_id = ?", [calls.stem])
    table = pq.read_table(calls)
    pq.write_table(table.slice(0, 400), calls)  # the producer rewrote the batch with fewer rows
    report = load_landing(env.warehouse, env.landing)
    assert [b.batch_id for b in report.batches] == [calls.stem]
    assert env.one(
        "select count(*), min(loaded_at) > ? from raw.calls where batch_id = ?", [first_loaded, calls.stem]
    ) == (400, True)
    assert env.one("select rows_read from raw.batches where batch_id = ?", [calls.stem]) == 400
    assert env.one("select count(*) from raw.calls where source = 'csv_import'") == 1


def test_a_failing_load_leaves_the_previous_batch_intact(env, run):
    """A failure inside the replace transaction rolls back the deletes too."""
    load_landing(env.warehouse, env.landing)
    calls = env.landing / next(f["path"] for f in run["files"] if f["kind"] == "calls")
    before = counts(env)
    old_batch = env.sql("select * from raw.batches where batch_id = ?", [calls.stem])
    # the new version of the batch has a quarantined row, and raw.quarantine now refuses inserts
    rows = pq.read_table(calls).to_pylist()
    rows[5]["input_tokens"] = -1
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(calls)), calls)
    con = duckdb.connect(str(env.warehouse))
    con.execute("alter table raw.quarantine add column blocker varchar default 'old rows'")
    con.execute("alter table raw.quarantine alter column blocker drop default")
    con.execute("alter table raw.quarantine alter column blocker set not null")
    con.close()
    with pytest.raises(LoadError, match=f"{calls.stem} failed, nothing of it was written"):
        load_files(env.warehouse, [calls])
    assert counts(env) == before
    assert env.sql("select * exclude (blocker) from raw.quarantine where batch_id = ?", [calls.stem]) == []
    assert env.sql("select * from raw.batches where batch_id = ?", [calls.stem]) == old_batch


def test_a_rejected_file_writes_nothing(env, run):
    load_landing(env.warehouse, env.landing)
    before = counts(env)
    bad = env.landing / "csv_import" / "calls" / "csv_0123456789abcdef.csv"
    bad.write_bytes(b"timestamp,model\n2026-01-01,gpt-4o\n")
    with pytest.raises(LoadError, match="required column absent"):
        load_files(env.warehouse, [bad])
    assert counts(env) == before


def test_drop_batches_removes_other_simulated_runs_only(env, run):
    load_landing(env.warehouse, env.landing)
    other = SimulationParams(seed=4, rows=500, window_days=2, window_end=datetime(2026, 1, 10, tzinfo=UTC))
    other_manifest = run_simulation(other, env.landing)
    load_files(env.warehouse, [env.landing / f["path"] for f in other_manifest["files"]])
    keep = {f["batch_id"] for f in other_manifest["files"]}
    assert drop_batches(env.warehouse, source="simulator", keep=keep) == len(run["files"])
    sim_batches = {r[0] for r in env.sql("select batch_id from raw.batches where source = 'simulator'")}
    assert sim_batches == keep
    assert env.one("select count(*) from raw.calls where source = 'simulator'") == 500
    assert env.one("select count(*) from raw.calls where source = 'csv_import'") == 1
    assert env.one("select count(*) from raw.quarantine") == 2
    assert drop_batches(env.warehouse, source="simulator", keep=keep) == 0


def test_landing_ignores_files_being_written(env, run):
    partial = env.landing / "simulator" / "calls" / ".sim_x_calls_0000.parquet.tmp"
    partial.write_bytes(b"half a file")
    os.utime(partial)
    report = load_landing(env.warehouse, env.landing)
    assert all(not b.batch_id.startswith(".") for b in report.batches)
    env.assert_reconciles(report)
