"""A simulated warehouse holding what the API serves, for the API's tests and benchmark.

simulate (§5) → load (``include.loading.api.load_files``) → ``dbt build -s +<mart>`` for each mart
of :data:`api.snapshot.SERVED_MARTS`: those marts and their parents only. ``+tag:agents`` or the
agents folder would also pull in, through the agents exposure and ``rpt_recommendations``, every
other analysis, which the API never reads.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from api.snapshot import SERVED_MARTS
from include.loading.api import load_files
from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from simulator.api import SimulationParams, run_simulation


def build_served_warehouse(
    root: Path, rows: int, *, seed: int = 7, data_tests: bool = True, timeout: float = 1200
) -> Path:
    """Build ``root/warehouse.duckdb`` from ``rows`` simulated calls; raises naming a dbt failure."""
    landing, warehouse, target = root / "sim-landing", root / "warehouse.duckdb", root / "dbt-target"
    manifest = run_simulation(SimulationParams(seed=seed, rows=rows), landing)
    load_files(warehouse, [landing / str(f["path"]) for f in manifest["files"]])  # type: ignore[union-attr]
    excluded = ["unit_test"] if data_tests else ["test", "unit_test"]
    cmd = [
        str(PROJECT_ROOT / ".venv" / "bin" / "dbt"), "build",
        "-s", *(f"+{mart}" for mart in SERVED_MARTS),
        "--indirect-selection", "cautious",
        "--exclude-resource-type", *excluded,
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target), "--log-path", str(target / "logs"),
    ]  # fmt: skip
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"dbt build of the served agents marts failed:\n{result.stdout[-6000:]}")
    return warehouse
