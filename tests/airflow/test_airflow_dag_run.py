"""End to end: the real DAG under ``dag.test()`` on a small simulation, then a reload of its batches.

One run (3,000 simulated calls, a temporary ``FINOPS_DATA_DIR``) goes through every task: the
simulator, the validated load, the one Cosmos ``dbt build`` and its per-model run/test tasks, the
site and its publication. The DAG file is parsed inside the test, after the data folder is set,
because the dbt tasks take the warehouse path at parse time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from include.settings import PROJECT_ROOT

ROWS = 3_000
RAW_TABLES = ("raw.calls", "raw.workflows", "raw.sessions", "raw.budgets", "raw.quarantine", "raw.batches")


def raw_counts(warehouse: Path) -> dict[str, int]:
    from include.warehouse import connect_read

    with connect_read(warehouse) as con:
        return {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in RAW_TABLES}


@pytest.fixture(scope="module")
def finished_run(airflow_home, tmp_path_factory):
    """One ``dag.test()`` run of ``finops_pipeline``; yields (dag run, task states, data dir)."""
    from airflow.dag_processing.dagbag import DagBag

    from include.airflow.pool import WAREHOUSE_POOL

    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    data_dir.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FINOPS_DATA_DIR", str(data_dir))
        for name in ("FINOPS_WAREHOUSE_PATH", "FINOPS_LANDING_DIR", "FINOPS_SITE_DIR", "FINOPS_PUBLISH_DIR"):
            patch.delenv(name, raising=False)
        bag = DagBag(dag_folder=PROJECT_ROOT / "dags", known_pools={"default_pool", WAREHOUSE_POOL})
        assert bag.import_errors == {}
        dag = bag.dags["finops_pipeline"]
        dag_run = dag.test(run_conf={"rows": ROWS, "window_days": 3, "seed": 7})
        instances = dag_run.get_task_instances()
        states = {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in instances}
        yield dag, dag_run, states, data_dir


def test_every_task_instance_succeeded(finished_run):
    dag, dag_run, states, _ = finished_run
    assert str(getattr(dag_run.state, "value", dag_run.state)) == "success"
    assert set(states) == set(dag.task_ids)
    assert {task: state for task, state in states.items() if state != "success"} == {}


def test_site_and_its_manifest_exist_and_describe_the_run(finished_run):
    _, _, _, data_dir = finished_run
    site = data_dir / "site"
    assert (site / "index.html").stat().st_size > 0
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["rows_read"] == manifest["rows_accepted"] + manifest["rows_quarantined"]
    assert manifest["rows_accepted"] > 0
    assert manifest["dbt"]["models_failed"] == 0 and manifest["dbt"]["tests_failed"] == 0
    assert manifest["dbt"]["models_built"] > 0 and manifest["dbt"]["tests_passed"] > 0
    assert manifest["run_info"]["request"]["rows"] == ROWS
    docs = site / "docs" / "index.html"
    assert docs.stat().st_size > 0, "render_site did not generate the dbt docs"
    assert 'href="docs/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    published = data_dir / "public"
    assert (published / "index.html").read_bytes() == (site / "index.html").read_bytes()


def test_marts_hold_every_accepted_call(finished_run):
    from include.warehouse import connect_read

    _, _, _, data_dir = finished_run
    with connect_read(data_dir / "warehouse.duckdb") as con:
        accepted = con.execute("select count(distinct call_id) from raw.calls").fetchone()[0]
        (schema,) = con.execute(
            "select table_schema from information_schema.tables where table_name = 'fct_calls'"
        ).fetchone()
        facts = con.execute(f"select count(*) from {schema}.fct_calls").fetchone()[0]
    assert accepted > 0 and facts == accepted


def test_the_api_serving_snapshot_holds_this_runs_agent_marts(finished_run):
    """marts_built refreshes the analytics API's snapshot: its model_daily calls are the run's calls."""
    import duckdb

    _, _, _, data_dir = finished_run
    snapshot = data_dir / "serving" / "agents.duckdb"
    assert snapshot.exists(), "marts_built did not refresh the API's serving snapshot"
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        served = con.execute("select sum(calls) from rpt_agents__model_daily").fetchone()[0]
    finally:
        con.close()
    assert "rpt_agents__call_tree" in tables
    from include.warehouse import connect_read

    with connect_read(data_dir / "warehouse.duckdb") as wh:
        (schema,) = wh.execute(
            "select table_schema from information_schema.tables where table_name = 'fct_calls'"
        ).fetchone()
        facts = wh.execute(f"select count(*) from {schema}.fct_calls").fetchone()[0]
    assert served == facts


def test_loading_the_same_run_again_duplicates_nothing(finished_run, monkeypatch):
    """Re-running the load of the same run (same parameters → same batch ids) replaces its batches."""
    from include import pipeline

    _, _, _, data_dir = finished_run
    monkeypatch.setenv("FINOPS_DATA_DIR", str(data_dir))
    warehouse = data_dir / "warehouse.duckdb"
    before = raw_counts(warehouse)
    (manifest_path,) = (data_dir / "landing" / "simulator" / "runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text())
    for replace in (True, False):
        summary = pipeline.load(manifest, replace_simulated=replace)
        assert summary["rows_read"] == summary["rows_accepted"] + summary["rows_quarantined"]
        assert raw_counts(warehouse) == before
    assert before["raw.calls"] == manifest["rows"]["calls"]
