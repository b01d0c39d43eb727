"""A served warehouse for the analytics tests, built once per session: 5,000 simulated calls →
load → the served marts (:func:`api.devdata.build_served_warehouse`, with their data tests) →
serving snapshot → uvicorn on a free loopback port.

Set ``FINOPS_API_TEST_WAREHOUSE`` to a built warehouse to skip the simulate/load/dbt steps while
iterating on the API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from api_server import new_key, serve, settings_for

from api.devdata import build_served_warehouse
from api.snapshot import refresh_snapshot

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


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("api-warehouse")
    prebuilt = os.environ.get("FINOPS_API_TEST_WAREHOUSE")
    warehouse = (
        Path(prebuilt)
        if prebuilt
        else build_served_warehouse(root, SIMULATION_ROWS, seed=20261123, timeout=DBT_TIMEOUT_SECONDS)
    )
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
