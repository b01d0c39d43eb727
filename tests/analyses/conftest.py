"""One simulated, loaded and fully built warehouse shared by every analysis oracle test.

The oracles recompute headline figures in pandas from ``fct_calls`` / ``dim_customers`` and
compare them with the marts, so they need real data that went through the real simulator, the
real loader and a full ``dbt build``. Doing that once per session keeps the suite affordable on a
2-core machine shared with other helpers; each session gets a private warehouse file and dbt
target path so it never collides with anyone else's.

``FINOPS_ANALYSIS_WAREHOUSE=<path>`` reuses a warehouse you already built (simulated, loaded and
``dbt build``-ed yourself) instead of building one, for quick iterations on a single analysis.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from include.loading.api import load_files
from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from simulator.api import SimulationParams, run_simulation

DBT = PROJECT_ROOT / ".venv" / "bin" / "dbt"
DBT_TIMEOUT_SECONDS = 900
SIMULATION_SEED = 20261123
SIMULATION_ROWS = 20_000


@dataclass(frozen=True)
class AnalysisWarehouse:
    """A built warehouse: its file plus read-only helpers for the oracles."""

    path: Path
    target_dir: Path

    def query(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """Run ``sql`` on a read-only connection and return the result as a DataFrame."""
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()

    def table(self, name: str) -> pd.DataFrame:
        """Every row of relation ``name``, schema-qualified: ``marts.rpt_…``, ``intermediate.int_…``."""
        return self.query(f"select * from {name}")


def _dbt_build(warehouse: Path, target_dir: Path) -> None:
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        str(DBT), "build",
        # Unit tests need no data and run in every helper's own `dbt build`; here they would only
        # add minutes before the oracles can start.
        "--exclude-resource-type", "unit_test",
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True,
                                timeout=DBT_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"dbt build did not finish within {DBT_TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0:
        raise AssertionError(
            f"dbt build of the analysis warehouse failed (exit {result.returncode}); fix the failing "
            f"model or test named below:\n{result.stdout[-8000:]}\n{result.stderr[-2000:]}"
        )


@pytest.fixture(scope="session")
def analysis_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnalysisWarehouse]:
    """Simulate ``SIMULATION_ROWS`` calls, load them, ``dbt build`` everything (bar unit tests) once."""
    prebuilt = os.environ.get("FINOPS_ANALYSIS_WAREHOUSE")
    if prebuilt:
        yield AnalysisWarehouse(path=Path(prebuilt), target_dir=Path(prebuilt).parent)
        return
    root = tmp_path_factory.mktemp("analysis-warehouse")
    landing = root / "landing"
    manifest = run_simulation(SimulationParams(seed=SIMULATION_SEED, rows=SIMULATION_ROWS), landing)
    files = [landing / str(f["path"]) for f in manifest["files"]]  # type: ignore[union-attr]
    warehouse = root / "warehouse.duckdb"
    load_files(warehouse, files)
    target_dir = root / "dbt-target"
    _dbt_build(warehouse, target_dir)
    yield AnalysisWarehouse(path=warehouse, target_dir=target_dir)
