"""The pipeline's steps, callable with or without Airflow: simulate → load → dbt build → render.

The DAG ``dags/finops_pipeline.py`` calls these one per task; ``finops run`` calls them in a row
for quick local use. Each step imports its part (simulator, loader, dbt, reports) only when it
runs, so importing this module is cheap and parsing the DAG never loads them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from include.settings import DBT_PROJECT_DIR, get_settings, parse_utc
from simulator.constants import SCENARIOS

# The 12 traffic streams of catalogue §5.4, from their one home (a module with no imports, so the
# DAG's trigger form can list them at parse time).
SCENARIO_IDS: tuple[str, ...] = SCENARIOS

DBT_TIMEOUT_SECONDS = 3 * 3600


@dataclass(frozen=True)
class SimulationRequest:
    """What one run asks the simulator for, defaults resolved; JSON-serialisable via ``to_dict``."""

    seed: int
    window_end: str  # ISO 8601, UTC
    window_days: int
    rows: int | None
    size_mb: float | None
    scenarios: tuple[str, ...]
    replace_simulated: bool = True

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["scenarios"] = list(self.scenarios)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulationRequest:
        return cls(**{**data, "scenarios": tuple(data["scenarios"])})


def resolve_request(
    params: dict[str, Any],
    *,
    run_type: str | None = None,
    data_interval_end: datetime | None = None,
) -> SimulationRequest:
    """Turn run parameters into a request; the window end never comes from the wall clock.

    ``window_end`` when given; else a scheduled or backfill run's data interval end (so reruns of
    an interval are idempotent); else ``FINOPS_WINDOW_END`` (default 2026-01-01T00:00:00Z).
    ``rows`` wins over ``size_mb`` when both are set.
    """
    if params.get("window_end"):
        window_end = parse_utc(str(params["window_end"]))
    elif run_type in {"scheduled", "backfill"} and data_interval_end is not None:
        window_end = parse_utc(data_interval_end.isoformat())
    else:
        window_end = get_settings().default_window_end
    rows = params.get("rows")
    size_mb = None if rows else params.get("size_mb")
    if not rows and not size_mb:
        raise ValueError("set either rows or size_mb to a positive number")
    scenarios = tuple(params.get("scenarios") or SCENARIO_IDS)
    unknown = sorted(set(scenarios) - set(SCENARIO_IDS))
    if unknown:
        raise ValueError(f"unknown scenarios {unknown}; choose from {list(SCENARIO_IDS)}")
    return SimulationRequest(
        seed=int(params.get("seed", 42)),
        window_end=window_end.isoformat().replace("+00:00", "Z"),
        window_days=int(params.get("window_days", 7)),
        rows=int(rows) if rows else None,
        size_mb=float(size_mb) if size_mb else None,
        scenarios=scenarios,
        replace_simulated=bool(params.get("replace_simulated", True)),
    )


def simulate(request: SimulationRequest, landing_dir: Path | None = None) -> dict[str, Any]:
    """Write the simulated batches to the landing zone; return the simulator's run manifest."""
    from simulator.api import SimulationParams, run_simulation

    params = SimulationParams(
        seed=request.seed,
        window_end=parse_utc(request.window_end),
        window_days=request.window_days,
        rows=request.rows,
        size_mb=request.size_mb,
        scenarios=request.scenarios,
    )
    return run_simulation(params, landing_dir or get_settings().landing_dir)


def manifest_batches(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The landed batches ({path, kind, rows, batch_id}) of a simulator run manifest."""
    batches = manifest.get("files", manifest.get("batches"))
    if not batches:
        raise ValueError(f"the simulator manifest lists no landed files: {sorted(manifest)}")
    return list(batches)


def batch_files(manifest: dict[str, Any], landing_dir: Path | None = None) -> list[Path]:
    """The landed files of a simulator manifest, as absolute paths (relative ones are under landing)."""
    base = landing_dir or get_settings().landing_dir
    paths = [Path(b["path"]) for b in manifest_batches(manifest)]
    return [path if path.is_absolute() else base / path for path in paths]


def load(
    manifest: dict[str, Any],
    *,
    replace_simulated: bool,
    warehouse_path: Path | None = None,
    landing_dir: Path | None = None,
) -> dict[str, Any]:
    """Load a simulation's batches into ``raw.*`` and report the reconciliation (catalogue §3.8).

    With ``replace_simulated`` the simulator batches of other runs are dropped first, so the
    warehouse holds exactly this simulation plus any imported data. Raises when the counts do
    not reconcile (rows_read ≠ accepted + quarantined), which would mean lost rows.
    """
    from include.loading.api import drop_batches, load_files

    warehouse = warehouse_path or get_settings().warehouse_path
    if replace_simulated:
        drop_batches(warehouse, source="simulator", keep={b["batch_id"] for b in manifest_batches(manifest)})
    report = load_files(warehouse, batch_files(manifest, landing_dir))
    summary = report.to_dict()
    if not report.reconciles:
        raise RuntimeError(
            "load does not reconcile: rows_read != rows_accepted + rows_quarantined "
            f"({summary}); inspect raw.batches and raw.quarantine"
        )
    return summary


def dbt_executable() -> str:
    """The ``dbt`` next to the running interpreter (PATH may lack .venv/bin)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(warehouse_path: Path | None = None) -> dict[str, str]:
    """Environment for dbt: the absolute warehouse path, artifacts under the data dir, no telemetry."""
    settings = get_settings()
    dbt_dir = settings.data_dir / "dbt"
    return {
        **os.environ,
        "FINOPS_WAREHOUSE_PATH": str(warehouse_path or settings.warehouse_path),
        "DBT_TARGET_PATH": str(dbt_dir / "target"),
        "DBT_LOG_PATH": str(dbt_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


def dbt(args: list[str], *, warehouse_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run one dbt command on the project with the committed profile; raise when it fails."""
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
    ]
    result = subprocess.run(
        command, env=dbt_env(warehouse_path), text=True, timeout=DBT_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"`dbt {' '.join(args)}` failed (exit {result.returncode}); see the output above")
    return result


MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"


def models_tagged(tag: str, manifest_path: Path = MANIFEST_PATH) -> list[str]:
    """Names of the models carrying ``tag`` in the parsed manifest (built by setup's `dbt parse`)."""
    if not manifest_path.exists():
        raise FileNotFoundError(f"{manifest_path} is missing: run ./scripts/install (it runs `dbt parse`)")
    nodes = json.loads(manifest_path.read_text())["nodes"].values()
    return sorted(n["name"] for n in nodes if n["resource_type"] == "model" and tag in n.get("tags", []))


def dbt_results_path() -> Path:
    """Where :func:`dbt` leaves ``run_results.json`` (``DBT_TARGET_PATH`` under the data dir)."""
    return get_settings().data_dir / "dbt" / "target" / "run_results.json"


def render(
    *,
    run_info: dict[str, Any] | None = None,
    results_path: Path | None = None,
    warehouse_path: Path | None = None,
    site_dir: Path | None = None,
    dbt_docs: bool = True,
) -> Path:
    """Render the static site from the marts; return its index.html.

    ``dbt_docs`` also generates dbt's docs (lineage and definitions of every figure) into
    ``<site>/docs/``, linked from the index; it takes about a minute.
    """
    from reports.site import build_site

    settings = get_settings()
    return build_site(
        warehouse_path or settings.warehouse_path,
        site_dir or settings.site_dir,
        run_info=run_info,
        dbt_results_path=results_path if results_path and results_path.exists() else None,
        dbt_docs=dbt_docs,
    )


def merge_run_results(paths: list[Path], out: Path) -> Path:
    """Merge several dbt ``run_results.json`` files (one per Cosmos task) into one."""
    merged: dict[str, Any] | None = None
    for path in sorted(paths):
        data = json.loads(path.read_text())
        if merged is None:
            merged = data
        else:
            merged["results"].extend(data.get("results", []))
            merged["elapsed_time"] = merged.get("elapsed_time", 0) + data.get("elapsed_time", 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(merged or {"results": []}, indent=1))
    return out


MART_PREFIXES = ("fct_", "dim_", "rpt_")


def marts_summary(warehouse_path: Path | None = None) -> dict[str, Any]:
    """Count the mart tables (``fct_*``, ``dim_*``, ``rpt_*``) and their rows, read-only."""
    from include.warehouse import connect_read

    with connect_read(warehouse_path) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema <> 'raw' and ("
            + " or ".join("table_name like ?" for _ in MART_PREFIXES)
            + ") order by table_name",
            [f"{prefix}%" for prefix in MART_PREFIXES],
        ).fetchall()
        rows = {
            name: con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            for schema, name in tables
        }
    if not rows:
        raise RuntimeError("the warehouse has no mart tables (fct_*, dim_*, rpt_*): did dbt build run?")
    return {"marts": len(rows), "fct_calls_rows": rows.get("fct_calls"), "rows_by_mart": rows}


def refresh_api_snapshot(warehouse_path: Path | None = None) -> Path:
    """Copy the agents marts the analytics API serves into its read-only snapshot (after a build).

    The API never opens the warehouse itself, so it keeps answering while the next run writes.
    """
    from api.snapshot import refresh_snapshot

    return refresh_snapshot(warehouse_path or get_settings().warehouse_path)
