"""build_site on a warehouse holding only the raw layer (no marts yet): a working, empty site.

The raw tables are created by the platform's own DDL (include.warehouse.ensure_raw_schema), so a
change of the raw.batches columns breaks this test rather than hiding behind a hand-made table.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from include.settings import SEEDS_DIR
from include.warehouse import connect_write, ensure_raw_schema
from reports.assets import CHARTJS_BUNDLE, find_chartjs
from reports.site import build_site


@pytest.fixture
def raw_only_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with connect_write(path) as con:
        ensure_raw_schema(con)
        loaded = datetime(2026, 1, 1, tzinfo=UTC)
        con.executemany(
            "insert into raw.batches (batch_id, source, kind, path, content_sha256, bytes, rows_read, "
            "rows_accepted, rows_quarantined, quarantined_by_reason, params, loaded_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    "csv_aaaa",
                    "csv_import",
                    "calls",
                    "a.csv",
                    "aa",
                    2_000_000,
                    1000,
                    990,
                    10,
                    '{"bad_timestamp": 10}',
                    None,
                    loaded,
                ),
                (
                    "sim_x_calls_0000",
                    "simulator",
                    "calls",
                    "s.parquet",
                    "bb",
                    1_145_728,
                    500,
                    500,
                    0,
                    "{}",
                    '{"seed": 7, "rows": 2000}',
                    loaded,
                ),
            ],
        )
    return path


def test_empty_site_has_index_manifest_and_chartjs(raw_only_warehouse: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    index = build_site(raw_only_warehouse, site)
    assert index == site / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "No reports yet" in html
    assert "dataset_overview.html" not in html  # its marts do not exist

    chartjs = find_chartjs()
    copied = site / "assets" / CHARTJS_BUNDLE
    assert copied.read_bytes() == chartjs.bundle.read_bytes()
    assert chartjs.version.startswith("4.")
    assert (site / "assets" / "style.css").exists() and (site / "assets" / "charts.js").exists()
    assert 'src="assets/chart.umd.min.js"' in html

    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chartjs_version"] == chartjs.version
    assert manifest["rows_read"] == 1500
    assert manifest["rows_accepted"] == 1490
    assert manifest["rows_quarantined"] == 10
    assert manifest["dataset_bytes"] == 3_145_728
    assert manifest["dataset_mb"] == 3.0
    # no run_info: the simulator batch's stored params are used, target from their "rows"
    assert manifest["simulator"] == {"seed": 7, "rows": 2000}
    assert manifest["target_rows"] == 2000
    assert manifest["progress_pct"] == pytest.approx(1490 / 2000 * 100, rel=1e-12)
    expected_hash = hashlib.sha256((SEEDS_DIR / "price_book.csv").read_bytes()).hexdigest()[:16]
    assert manifest["price_book_version"] == expected_hash
    assert manifest["reports"] == [] and manifest["report_count"] == 0
    assert manifest["window_start"] is None  # no summary mart: no invented window
    assert datetime.fromisoformat(manifest["generated_at"].replace("Z", "+00:00")).tzinfo is not None
    assert {s["source"] for s in manifest["batches_by_source"]} == {"csv_import", "simulator"}


def test_run_info_sets_simulator_params_and_caps_progress(raw_only_warehouse: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_info = {"seed": 42, "target_rows": 1000, "window_days": 7, "scenarios": ["all"]}
    build_site(raw_only_warehouse, site, run_info=run_info)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["simulator"] == run_info
    assert manifest["target_rows"] == 1000
    assert manifest["progress_pct"] == 100.0  # 1490 accepted of 1000 is capped


def test_missing_warehouse_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="finops run"):
        build_site(tmp_path / "nope.duckdb", tmp_path / "site")


def test_target_rows_found_in_the_dags_nested_request(raw_only_warehouse: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(raw_only_warehouse, site, run_info={"dag_id": "finops_pipeline", "request": {"rows": 2980}})
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["target_rows"] == 2980
    assert manifest["progress_pct"] == pytest.approx(50.0, rel=1e-12)
