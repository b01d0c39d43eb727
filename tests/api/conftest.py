"""A served warehouse for the analytics tests, built once per session: simulate → load →
``dbt build -s +<each mart the API serves>`` (those marts and their parents, with their data
tests; ``+tag:agents`` or the marts folder would also pull in, through the agents exposure and
``rpt_recommendations``, every other analysis, which the API does not read) → serving snapshot →
uvicorn on a free loopback port.

Set ``FINOPS_API_TEST_WAREHOUSE`` to a built warehouse to skip the simulate/load/dbt steps while
iterating on the API.
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
from api_server import new_key, serve, settings_for

from api.snapshot import SERVED_MARTS, refresh_snapshot
from include.loading.api import load_files
from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from simulator.api import SimulationParams, run_simulation

SIMULATION_ROWS = 5000
DBT_TIMEOUT_SECONDS = 1200


@dataclass(frozen=True)
class Served:
    """The running API, the warehouse it was snapshotted from, and keys for two organizations."""

    base: str
    warehouse: Path
    org_a: str
    org_b: str
    key_a: str
    key_b: str

    def query(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()


def _build(root: Path) -> Path:
    landing, warehouse = root / "sim-landing", root / "warehouse.duckdb"
    manifest = run_simulation(SimulationParams(seed=20261123, rows=SIMULATION_ROWS), landing)
    load_files(warehouse, [landing / str(f["path"]) for f in manifest["files"]])  # type: ignore[union-attr]
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = root / "dbt-target"
    cmd = [
        str(PROJECT_ROOT / ".venv" / "bin" / "dbt"),
        "build",
        "-s",
        *(f"+{mart}" for mart in SERVED_MARTS),
        "--indirect-selection",
        "cautious",
        "--exclude-resource-type",
        "unit_test",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
        "--log-path",
        str(target / "logs"),
    ]
    result = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=DBT_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"dbt build of the served agents marts failed:\n{result.stdout[-6000:]}")
    return warehouse


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("api-warehouse")
    prebuilt = os.environ.get("FINOPS_API_TEST_WAREHOUSE")
    warehouse = Path(prebuilt) if prebuilt else _build(root)
    settings = settings_for(root)
    refresh_snapshot(warehouse, settings.snapshot_path)
    con = duckdb.connect(str(warehouse), read_only=True)
    orgs = [
        r[0]
        for r in con.execute(
            "select organization_id from marts.rpt_agents__usage_daily group by 1 order by sum(calls) desc, 1"
        ).fetchall()
    ]
    con.close()
    assert len(orgs) >= 2, "the simulated warehouse must hold at least two organizations with agent calls"
    with serve(settings) as base:
        yield Served(
            base, warehouse, orgs[0], orgs[1], new_key(settings, orgs[0]), new_key(settings, orgs[1])
        )
