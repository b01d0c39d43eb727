"""Cosmos configuration of the dbt task group: project, profile, execution and rendering.

Parsing must stay cheap (the dag-processor re-parses the file every few minutes): the task group
is rendered from ``dbt_project/target/manifest.json`` (``LoadMode.DBT_MANIFEST``), which setup
builds with ``dbt parse`` (``scripts/install.d/40-dbt-parse.sh``), so no dbt command runs at
parse time. Every dbt task runs in the warehouse pool (DuckDB has one writer) and gets the
absolute warehouse path, because Cosmos runs dbt from a temporary copy of the project.

Execution mode: ``WATCHER``. The group still has one task per model and one for its tests right
after it, but a single producer task runs one ``dbt build`` (seeds, models and tests, dbt's own
threads) and every model/test task reports the status dbt gave its node. ``LOCAL`` mode started
one dbt process per task: about 150 processes of 6–30 s each on this 2-core machine (over an
hour for a 20,000-row run), against about a minute for one build. :func:`producer_first` puts
the producer upstream of the model tasks, so every model task finds its status already there
(no waiting sensor holds the warehouse pool slot); a retried model task falls back to running
its own ``dbt run``/``dbt test``.

Invocation mode: ``SUBPROCESS``. With ``DBT_RUNNER`` dbt runs inside the task process; under
``airflow dags test`` every task shares that process, and dbt-duckdb keeps its DuckDB handle
open there, so the next task's differently configured connection to the same file fails. A
subprocess closes its connection when it exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cosmos import ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import PRODUCER_WATCHER_TASK_ID, ExecutionMode, InvocationMode, LoadMode, TestBehavior

from include.airflow.pool import WAREHOUSE_POOL
from include.pipeline import MANIFEST_PATH, dbt_executable
from include.settings import DBT_PROJECT_DIR, get_settings

PROFILE_NAME = "finops"
TARGET_NAME = "duckdb"
INVOCATION_MODE = InvocationMode.SUBPROCESS


def require_manifest(path: Path = MANIFEST_PATH) -> Path:
    """The manifest the task group is rendered from; a clear error when setup has not built it."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the DAG is rendered from the dbt manifest. Run ./scripts/install "
            "(or: dbt parse --project-dir dbt_project --profiles-dir dbt_project) and reparse."
        )
    return path


def project_config() -> ProjectConfig:
    return ProjectConfig(
        dbt_project_path=DBT_PROJECT_DIR,
        manifest_path=require_manifest(),
        install_dbt_deps=False,  # no dbt packages: dbt deps cannot reach the hub here
        partial_parse=True,
    )


def profile_config() -> ProfileConfig:
    """The committed ``dbt_project/profiles.yml`` (no secrets; the path comes from the env)."""
    return ProfileConfig(
        profile_name=PROFILE_NAME,
        target_name=TARGET_NAME,
        profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml",
    )


EXECUTION_MODE = ExecutionMode.WATCHER
RESULTS_CALLBACK = "include.airflow.dbt_results.keep_run_results"


def execution_config() -> ExecutionConfig:
    return ExecutionConfig(
        execution_mode=EXECUTION_MODE,
        invocation_mode=INVOCATION_MODE,
        dbt_executable_path=dbt_executable(),
        # The producer's one `dbt build` leaves the run results of every node: keep them. No
        # retries: Cosmos skips a producer's second attempt, and a skipped producer would let
        # the run end "successful" with nothing built; a failed one fails the model tasks.
        # dbt unit tests check the SQL, not the data: the test suite runs them (tests/dbt), a
        # pipeline run does not (on this machine they were half of the build's time).
        setup_operator_args={
            "pool": WAREHOUSE_POOL,
            "callback": RESULTS_CALLBACK,
            "retries": 0,
            "dbt_cmd_flags": ["--exclude-resource-type", "unit_test"],
        },
    )


def producer_first(group: Any) -> Any:
    """Make the group's dbt producer task upstream of its root model/seed tasks; return the group.

    Cosmos does this itself for a ``DbtDag`` but not for a ``DbtTaskGroup``, where the model
    tasks would start as sensors beside the producer, wait for it, and (in the one-slot pool)
    could hold the slot the producer needs. Downstream of the producer they read their status at
    once and finish.
    """
    producer = group.get_child_by_label(PRODUCER_WATCHER_TASK_ID)
    tasks = list(group.iter_tasks())
    ids = {task.task_id for task in tasks}
    for task in tasks:
        if task is producer or not hasattr(task, "producer_task_id"):
            continue
        if not task.upstream_task_ids & ids:
            producer >> task
    return group


def render_config() -> RenderConfig:
    return RenderConfig(
        load_method=LoadMode.DBT_MANIFEST,
        test_behavior=TestBehavior.AFTER_EACH,
        emit_datasets=False,  # the MARTS Asset is emitted once, after the whole group
    )


def operator_args() -> dict[str, Any]:
    """Arguments of every dbt task: environment, no ``dbt deps``, keep run results.

    Only the producer (see :func:`execution_config`) takes the warehouse pool: a model or test
    task reads its node's status from XCom and never opens the DuckDB file, so ~250 of them can
    run side by side under the scheduler instead of one at a time. A retried model task runs
    its own dbt command; two of those at once would meet DuckDB's lock and fail visibly.
    """
    settings = get_settings()
    return {
        "install_deps": False,
        "append_env": True,
        "env": {
            "FINOPS_WAREHOUSE_PATH": str(settings.warehouse_path),
            "FINOPS_DATA_DIR": str(settings.data_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        },
        "callback": RESULTS_CALLBACK,  # used when a retried model task runs dbt itself
    }
