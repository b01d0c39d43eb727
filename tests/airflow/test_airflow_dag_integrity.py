"""DAG integrity: the DAG imports cleanly the way the dag-processor loads it, and is well formed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from include.airflow.cosmos_config import MANIFEST_PATH, PRODUCER_WATCHER_TASK_ID
from include.airflow.pool import WAREHOUSE_POOL
from include.settings import PROJECT_ROOT

DAG_ID = "finops_pipeline"
DAGS_FOLDER = PROJECT_ROOT / "dags"


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=DAGS_FOLDER, known_pools={"default_pool", WAREHOUSE_POOL})


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags[DAG_ID]


def test_dags_import_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert DAG_ID in dagbag.dags


def test_dag_id_is_the_file_stem_and_documented(dag):
    assert Path(dag.fileloc).stem == dag.dag_id == DAG_ID
    assert dag.doc_md and "simulate" in dag.doc_md
    assert {"finops", "dbt"} <= set(dag.tags)
    assert dag.max_active_runs == 1
    assert dag.catchup is False


def test_every_task_retries_but_the_dbt_producer(dag):
    no_retries = [t.task_id for t in dag.tasks if (t.retries or 0) < 1]
    assert no_retries == [f"dbt.{PRODUCER_WATCHER_TASK_ID}"]


def test_chain_of_top_level_tasks(dag):
    tasks = dag.task_dict
    assert tasks["load_raw"].upstream_task_ids == {"simulate"}
    dbt_tasks = [t for t in dag.tasks if t.task_id.startswith("dbt.")]
    roots = [t for t in dbt_tasks if not t.upstream_task_ids & {d.task_id for d in dbt_tasks}]
    assert roots and all("load_raw" in t.upstream_task_ids for t in roots)
    assert any(t.task_id.startswith("dbt.") for t in tasks["marts_built"].upstream_list)
    assert {"marts_built", "simulate", "load_raw"} <= tasks["render_site"].upstream_task_ids
    assert tasks["publish"].upstream_task_ids == {"render_site"}


def test_warehouse_tasks_share_the_one_slot_pool(dag):
    warehouse = {"load_raw", f"dbt.{PRODUCER_WATCHER_TASK_ID}", "marts_built", "render_site"}
    assert {dag.task_dict[task_id].pool for task_id in warehouse} == {WAREHOUSE_POOL}
    # Model/test watcher tasks only read XCom: they run outside the pool, side by side.
    others = {t.pool for t in dag.tasks if t.task_id not in warehouse}
    assert WAREHOUSE_POOL not in others


def test_one_dbt_build_runs_before_every_model_task(dag):
    """WATCHER mode: one producer runs `dbt build`; model and test tasks come after it."""
    producer = dag.task_dict[f"dbt.{PRODUCER_WATCHER_TASK_ID}"]
    assert type(producer).__name__ == "DbtProducerWatcherOperator"
    assert producer.upstream_task_ids == {"load_raw"}
    assert producer.callback == "include.airflow.dbt_results.keep_run_results"
    watchers = [t for t in dag.tasks if t.task_id.startswith("dbt.") and hasattr(t, "producer_task_id")]
    assert len(watchers) > 50
    for task in watchers:
        if task is producer:
            continue
        assert producer.task_id in task.get_flat_relative_ids(upstream=True), task.task_id


def test_assets_are_declared(dag):
    outlets = {t.task_id: {a.name for a in t.outlets} for t in dag.tasks if t.outlets}
    assert outlets == {
        "load_raw": {"finops_raw_calls"},
        "marts_built": {"finops_marts"},
        "render_site": {"finops_site"},
    }


def test_params_have_types_bounds_and_descriptions(dag):
    params = dag.params
    expected = {"rows", "size_mb", "window_end", "window_days", "seed", "scenarios", "replace_simulated"}
    assert set(params.keys()) == expected
    for name in expected:
        param = params.get_param(name)
        assert param.schema.get("type"), name
        assert len(param.description or "") > 20, name
        assert param.schema.get("section"), name
    for name in ("rows", "window_days", "seed"):
        schema = params.get_param(name).schema
        assert "minimum" in schema and "maximum" in schema, name
    scenarios = params.get_param("scenarios").schema
    assert scenarios["type"] == "array" and len(scenarios["items"]["enum"]) == 12
    assert scenarios["minItems"] == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("window_days", 0),
        ("window_days", 400),
        ("seed", -1),
        ("rows", 0),
        ("size_mb", 0),
        ("scenarios", []),
        ("scenarios", ["no_such_stream"]),
        ("window_end", "yesterday"),
        ("replace_simulated", "yes"),
    ],
)
def test_params_reject_bad_values(dag, name, value):
    from airflow.sdk.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        dag.params.get_param(name).resolve(value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("window_end", "2026-01-01T00:00:00Z"), ("window_end", "2025-06-30T12:00:00+00:00"), ("rows", None)],
)
def test_params_accept_good_values(dag, name, value):
    assert dag.params.get_param(name).resolve(value) == value


def test_cosmos_renders_one_task_per_model_with_its_tests_after_it(dag):
    manifest = json.loads(MANIFEST_PATH.read_text())
    models = {
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["config"].get("materialized") != "ephemeral"
    }
    run_tasks = {
        t.task_id.removeprefix("dbt.").removesuffix(".run").removesuffix("_run"): t
        for t in dag.tasks
        if t.task_id.startswith("dbt.") and (t.task_id.endswith(".run") or t.task_id.endswith("_run"))
    }
    assert models and models <= set(run_tasks)
    tested = {
        n["depends_on"]["nodes"][0].split(".")[-1]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and len(n["depends_on"]["nodes"]) == 1
    } & models
    for model in tested:
        test_task = dag.task_dict[f"dbt.{model}.test"]
        assert test_task.upstream_task_ids == {f"dbt.{model}.run"}, model


def test_parsing_is_cheap_and_loads_no_heavy_module():
    """The dag-processor re-parses the file often: no dbt, DuckDB or data libraries at parse time."""
    code = (
        "import sys, time\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        "t = time.perf_counter()\n"
        f"bag = DagBag(dag_folder={str(DAGS_FOLDER)!r})\n"
        "elapsed = time.perf_counter() - t\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(tops & {'dbt', 'duckdb', 'pandas', 'pyarrow', 'numpy', 'reports'}"
        " | {m for m in sys.modules if m.startswith('simulator.')} - {'simulator.constants'})\n"
        "print(repr((len(bag.dags), bag.import_errors, elapsed, heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    dags, errors, elapsed, heavy = eval(result.stdout.strip().splitlines()[-1])
    assert (dags, errors) == (1, {})
    assert heavy == []
    assert elapsed > 0  # the parse time itself is a figure of bench/bench_pipeline.py, not a test


def test_cosmos_telemetry_is_off_everywhere():
    from cosmos import settings as cosmos_settings
    from cosmos.telemetry import should_emit

    assert cosmos_settings.enable_telemetry is False
    assert should_emit() is False
    for script in ("scripts/run", "scripts/test", "scripts/install.d/40-dbt-parse.sh"):
        assert "include.airflow.environment" in (PROJECT_ROOT / script).read_text(), script
    assert (PROJECT_ROOT / ".ci/run").read_text().strip().endswith("exec bash scripts/test")
