"""The serving snapshot: the API neither blocks the warehouse's writer nor fails while it writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from api_server import client, new_key, serve, settings_for
from conftest import Served

from api.snapshot import SnapshotError, refresh_snapshot


def test_writer_holds_the_warehouse_while_the_api_serves(served: Served, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(served.warehouse, warehouse)
    settings = settings_for(tmp_path)
    refresh_snapshot(warehouse, settings.snapshot_path)
    with serve(settings) as base, client(base, new_key(settings, served.org_a)) as c:
        before = c.get("/v1/finops/analytics/models", params={"period": "all"}).json()["total_cost"]
        writer = duckdb.connect(str(warehouse))  # the DAG's writer: an exclusive lock on the file
        try:
            writer.execute(
                "update marts.rpt_agents__model_daily set cost_usd = cost_usd * 2 where organization_id = ?",
                [served.org_a],
            )
            during = c.get("/v1/finops/analytics/models", params={"period": "all"})
            assert during.status_code == 200 and during.json()["total_cost"] == before
            with pytest.raises(SnapshotError, match="being written"):
                refresh_snapshot(warehouse, settings.snapshot_path)
            assert (
                c.get("/v1/finops/analytics/models", params={"period": "all"}).json()["total_cost"]
                == before
            )
        finally:
            writer.close()
        refresh_snapshot(warehouse, settings.snapshot_path)  # the pipeline's step after the build
        after = c.get("/v1/finops/analytics/models", params={"period": "all"}).json()["total_cost"]
        assert after == pytest.approx(2 * before, rel=1e-6)
    assert not list(settings.snapshot_path.parent.glob(".*.tmp*"))  # no temporary file left behind
