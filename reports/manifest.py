"""``manifest.json``: what was built, from which data, by what (catalogue §10.3).

Written before the index (§10.2 reads its dataset box from it). Batch figures come from
``raw.batches`` (the loader's audit table: read = accepted + quarantined, always); the window
comes from ``rpt_dataset_overview__summary`` (the warehouse's own §1.4 figures, never recomputed
here); simulator parameters come from the caller's ``run_info`` (the DAG or CLI knows what it
asked the simulator for) or, failing that, from the ``params`` the loader stored per batch.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from include.settings import SEEDS_DIR
from reports.marts import MartReader
from reports.pagedata import PageData
from reports.serialize import jsonable

__all__ = [
    "SUMMARY_MART",
    "build_manifest",
    "dbt_run_summary",
    "platform_version",
    "price_book_version",
    "read_dataset",
]

SUMMARY_MART = "rpt_dataset_overview__summary"
BYTES_PER_MB = 1024 * 1024


def platform_version() -> str:
    try:
        return version("ai-finops-platform")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def price_book_version(seeds_dir: Path = SEEDS_DIR) -> str:
    """First 16 hex of the SHA-256 of ``price_book.csv``: changes whenever any price changes."""
    return hashlib.sha256((seeds_dir / "price_book.csv").read_bytes()).hexdigest()[:16]


def _batches(reader: MartReader) -> dict[str, Any]:
    """Totals and per-source figures of ``raw.batches`` (zeros when nothing was loaded)."""
    if not reader.raw_table_exists("batches"):
        return {
            "totals": {"rows_read": 0, "rows_accepted": 0, "rows_quarantined": 0, "bytes": 0},
            "sources": [],
        }
    sources = reader.query(
        """
        select source, kind, count(*) as batches,
               coalesce(sum(rows_read), 0)::bigint as rows_read,
               coalesce(sum(rows_accepted), 0)::bigint as rows_accepted,
               coalesce(sum(rows_quarantined), 0)::bigint as rows_quarantined,
               coalesce(sum(bytes), 0)::bigint as bytes
        from raw.batches group by source, kind order by source, kind
        """
    )
    # rows are call records (what target_rows and progress count; workflows, sessions and
    # budgets are listed per kind in batches_by_source); bytes are every loaded file
    calls = [s for s in sources if s["kind"] == "calls"]
    row_keys = ("rows_read", "rows_accepted", "rows_quarantined")
    totals = {key: sum(int(s[key]) for s in calls) for key in row_keys}
    totals["bytes"] = sum(int(s["bytes"]) for s in sources)
    return {"totals": totals, "sources": sources}


def _stored_simulator_params(reader: MartReader) -> Any:
    """Parameters of the simulator runs whose batches are loaded, from ``raw.batches.params``.

    The loader stores the simulator's run manifest under ``params.run``; its ``parameters``
    (seed, window_end, window_days, rows, scenarios, …) are what the manifest reports. One run
    gives a dict, several a list, none None.
    """
    if not reader.raw_table_exists("batches"):
        return None
    rows = reader.query(
        "select distinct params::varchar as params from raw.batches "
        "where source = 'simulator' and params is not null order by 1"
    )
    runs: dict[str, Any] = {}
    for row in rows:
        params = json.loads(row["params"])
        run = params.get("run") if isinstance(params, dict) else None
        if isinstance(run, dict) and isinstance(run.get("parameters"), dict):
            runs[str(run.get("run_id"))] = {"run_id": run.get("run_id"), **run["parameters"]}
        else:
            runs[json.dumps(params, sort_keys=True)] = params
    found = [runs[key] for key in sorted(runs)]
    return None if not found else found[0] if len(found) == 1 else found


def _simulator_from_run_info(run_info: dict[str, Any]) -> Any:
    """The simulator parameters inside ``run_info``: the simulator's run manifest has them under
    ``parameters``, the DAG passes its form under ``request``; otherwise ``run_info`` itself."""
    for key in ("parameters", "request"):
        if isinstance(run_info.get(key), dict):
            return run_info[key]
    return run_info


TARGET_KEYS = ("target_rows", "rows")
NESTED_PARAM_KEYS = ("parameters", "request", "params", "simulator")


def _target_rows(params: Any) -> int | None:
    """The target row count in the parameters: top level, or under ``request``/``params``
    (the DAG passes ``{"request": <the simulate form>, ...}``)."""
    if not isinstance(params, dict):
        return None
    for key in TARGET_KEYS:
        if isinstance(params.get(key), int | float) and not isinstance(params.get(key), bool):
            return int(params[key])
    for key in NESTED_PARAM_KEYS:
        nested = _target_rows(params.get(key))
        if nested is not None:
            return nested
    return None


def dbt_run_summary(run_results_path: Path | None) -> dict[str, Any] | None:
    """Models built, tests passed/warned/failed and duration from dbt's ``run_results.json``."""
    if run_results_path is None:
        return None
    if not run_results_path.exists():
        raise FileNotFoundError(
            f"dbt run results {run_results_path} not found: pass the target path of `dbt build`"
        )
    results = json.loads(run_results_path.read_text(encoding="utf-8"))
    counts = {
        "models_built": 0,
        "models_failed": 0,
        "seeds_loaded": 0,
        "tests_passed": 0,
        "tests_warned": 0,
        "tests_failed": 0,
        "skipped": 0,
    }
    for result in results.get("results", []):
        kind = result["unique_id"].split(".", 1)[0]
        status = result.get("status")
        if status == "skipped":
            counts["skipped"] += 1
        elif kind == "model":
            counts["models_built" if status == "success" else "models_failed"] += 1
        elif kind == "seed" and status == "success":
            counts["seeds_loaded"] += 1
        elif kind in ("test", "unit_test"):
            key = {"pass": "tests_passed", "warn": "tests_warned"}.get(status, "tests_failed")
            counts[key] += 1
    metadata = results.get("metadata", {})
    return {
        **counts,
        "duration_seconds": results.get("elapsed_time"),
        "dbt_version": metadata.get("dbt_version"),
        "invocation_id": metadata.get("invocation_id"),
        "generated_at": metadata.get("generated_at"),
    }


def _window(reader: MartReader) -> dict[str, Any]:
    summary = reader.rows(SUMMARY_MART) if reader.has(SUMMARY_MART) else []
    row = summary[0] if summary else {}
    return {key: row.get(key) for key in ("window_start", "window_end", "window_days")}


def read_dataset(reader: MartReader, run_info: dict[str, Any] | None) -> dict[str, Any]:
    """The dataset part of the manifest: window, batch totals, simulator parameters, progress."""
    batches = _batches(reader)
    totals = batches["totals"]
    simulator = (
        _simulator_from_run_info(run_info) if run_info is not None else _stored_simulator_params(reader)
    )
    target = _target_rows(simulator)
    accepted = totals["rows_accepted"]
    return jsonable(
        {
            "run_info": run_info,
            "simulator": simulator,
            "batches_by_source": batches["sources"],
            **_window(reader),
            "rows_read": totals["rows_read"],
            "rows_accepted": accepted,
            "rows_quarantined": totals["rows_quarantined"],
            "dataset_bytes": totals["bytes"],
            "dataset_mb": round(totals["bytes"] / BYTES_PER_MB, 2),
            "target_rows": target,
            "progress_pct": None if not target else min(100.0, accepted / target * 100),
        }
    )


def build_manifest(
    dataset: dict[str, Any],
    pages: list[tuple[PageData, int]],
    *,
    generated_at: str,
    chartjs_version: str,
    dbt_results_path: Path | None,
) -> dict[str, Any]:
    """The manifest as a JSON-ready dict; ``pages`` pairs each page's data with its HTML size."""
    reports = [
        {
            "id": data.page.id,
            "title": data.page.title,
            "group": data.page.group,
            "file": data.page.file,
            "bytes": size,
            "marts": list(data.read),
            "rows_per_mart": data.rows_per_mart,
            "recommendation_count": len(data.recommendations),
            "downloads": [{"mart": d.mart, "csv": d.csv, "json": d.json} for d in data.downloads],
        }
        for data, size in pages
    ]
    manifest = {
        "generated_at": generated_at,
        "platform_version": platform_version(),
        "price_book_version": price_book_version(),
        **dataset,
        "report_count": len(reports),
        "reports": reports,
        "dbt": dbt_run_summary(dbt_results_path),
        "chartjs_version": chartjs_version,
    }
    return jsonable(manifest)
