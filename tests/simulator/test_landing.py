"""§5.12: Parquet batches in the landing zone, manifest, idempotent re-runs, the 19-column CSV, CLI."""

from __future__ import annotations

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from simulator.api import SimulationParams, generate, run_simulation
from simulator.cli import simulate
from simulator.writers import seed001_columns

PARAMS = SimulationParams(rows=6_000, seed=11)


def read_kind(landing, manifest, kind: str) -> pa.Table:
    files = [f for f in manifest["files"] if f["kind"] == kind]
    return pa.concat_tables([pq.read_table(landing / f["path"]) for f in files])


def test_landing_layout_and_manifest(tmp_path) -> None:
    manifest = run_simulation(PARAMS, tmp_path)
    run_id = PARAMS.run_id
    assert manifest["run_id"] == run_id
    for kind in ("calls", "workflows", "sessions", "budgets"):
        assert (tmp_path / "simulator" / kind / f"sim_{run_id}_{kind}_0000.parquet").exists()
    stored = json.loads((tmp_path / "simulator" / "runs" / f"{run_id}.json").read_text())
    assert stored == manifest
    assert manifest["rows"]["calls"] == 6_000
    assert sum(manifest["rows_by_scenario"]["calls"].values()) == 6_000
    assert manifest["parameters"]["rows"] == 6_000 and manifest["customers"] == PARAMS.resolved_customers
    assert not list(tmp_path.rglob("*.tmp"))


def test_batches_do_not_change_rows_and_reruns_replace_files(tmp_path) -> None:
    expected = generate(PARAMS)
    small_parts = run_simulation(PARAMS, tmp_path, part_rows=1_000)
    calls_files = [f for f in small_parts["files"] if f["kind"] == "calls"]
    assert len(calls_files) == 6 and [f["rows"] for f in calls_files] == [1_000] * 6
    assert read_kind(tmp_path, small_parts, "calls").equals(expected.calls)
    first_bytes = (tmp_path / calls_files[0]["path"]).read_bytes()

    big_parts = run_simulation(PARAMS, tmp_path, part_rows=4_000)
    folder = tmp_path / "simulator" / "calls"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"sim_{PARAMS.run_id}_calls_0000.parquet", f"sim_{PARAMS.run_id}_calls_0001.parquet"]
    assert read_kind(tmp_path, big_parts, "calls").equals(expected.calls)
    again = run_simulation(PARAMS, tmp_path, part_rows=1_000)
    assert (tmp_path / calls_files[0]["path"]).read_bytes() == first_bytes
    assert again == small_parts


def test_seed001_csv_is_lossless(tmp_path) -> None:
    result = generate(PARAMS)
    path = tmp_path / "calls.csv"
    run_simulation(PARAMS, tmp_path / "landing", csv_path=path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == seed001_columns() and len(seed001_columns()) == 19
    assert len(rows) == result.calls.num_rows
    for original, row in zip(result.calls.to_pylist()[:2_000], rows, strict=False):
        meta = json.loads(row["metadata"])
        for column, value in original.items():
            if column == "timestamp":
                assert row[column] == value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            elif column == "metadata":
                continue
            elif column in row:
                shown = row[column]
                if value is None:
                    assert shown == ""
                elif isinstance(value, float):
                    assert float(shown) == value
                else:
                    assert shown == str(value), column
            elif value is None:
                assert column not in meta
            else:
                assert meta[column] == value, column
    second = tmp_path / "again.csv"
    run_simulation(PARAMS, tmp_path / "landing", csv_path=second)
    assert second.read_bytes() == path.read_bytes()


def test_cli_writes_and_validates(tmp_path) -> None:
    runner = CliRunner()
    ok = runner.invoke(simulate, ["--rows", "2000", "--seed", "5", "--landing-dir", str(tmp_path),
                                  "--scenarios", "base,burst", "--quiet"])
    assert ok.exit_code == 0, ok.output
    assert "2,000 calls" in ok.output and "Parquet files" in ok.output
    assert list((tmp_path / "simulator" / "calls").glob("sim_*_calls_0000.parquet"))
    bad = runner.invoke(simulate, ["--rows", "10", "--scenarios", "base,nope",
                                   "--landing-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "unknown scenario(s) nope" in bad.output
    both = runner.invoke(simulate, ["--rows", "10", "--size-mb", "1", "--landing-dir", str(tmp_path)])
    assert both.exit_code == 2 and "not both" in both.output
