"""Cosmos configuration of the dbt task group: project, profile, execution and rendering.

Parsing must stay cheap (the dag-processor re-parses the file every few minutes): the task group
is rendered from ``dbt_project/target/manifest.json`` (``LoadMode.DBT_MANIFEST``), which setup
builds with ``dbt parse`` (``scripts/install.d/40-dbt-parse.sh``), so no dbt command runs at
parse time. Every dbt task runs in the warehouse pool (DuckDB has one writer) and gets the
absolute warehouse path, because Cosmos runs dbt from a temporary copy of the project.

Invocation mode: ``SUBPROCESS``. With ``DBT_RUNNER`` dbt runs inside the task process; under
``airflow dags test`` every task shares that process, and dbt-duckdb keeps its DuckDB handle
open there, so the next task's differently configured connection to the same file fails. A
subprocess closes its connection when it exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cosmos import ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior

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


def execution_config() -> ExecutionConfig:
    return ExecutionConfig(
        execution_mode=ExecutionMode.LOCAL,
        invocation_mode=INVOCATION_MODE,
        dbt_executable_path=dbt_executable(),
    )


def render_config() -> RenderConfig:
    return RenderConfig(
        load_method=LoadMode.DBT_MANIFEST,
        test_behavior=TestBehavior.AFTER_EACH,
        emit_datasets=False,  # the MARTS Asset is emitted once, after the whole group
    )


def operator_args() -> dict[str, Any]:
    """Arguments of every dbt task: pool, environment, no ``dbt deps``, keep run results."""
    settings = get_settings()
    return {
        "pool": WAREHOUSE_POOL,
        "install_deps": False,
        "append_env": True,
        "env": {
            "FINOPS_WAREHOUSE_PATH": str(settings.warehouse_path),
            "FINOPS_DATA_DIR": str(settings.data_dir),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        },
        "callback": "include.airflow.dbt_results.keep_run_results",
    }
