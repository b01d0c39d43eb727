"""The real UI path: Airflow's API server, scheduler and DAG processor on localhost run the DAG.

The three services start as separate processes on a free port, with a temporary AIRFLOW_HOME
(SQLite) and FINOPS_DATA_DIR. The test logs in the way the UI does (simple auth manager, the
generated admin password, a JWT from ``/auth/token``), unpauses and triggers ``finops_pipeline``
through the REST API v2 with a tiny simulation, waits for the run to succeed, and checks that
the UI pages answer.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from include.airflow.environment import airflow_environment
from include.airflow.setup_db import airflow_executable, prepare_airflow_home

DAG_ID = "finops_pipeline"
SERVICES = ("api-server", "scheduler", "dag-processor")
START_TIMEOUT_SECONDS = 240
RUN_TIMEOUT_SECONDS = 1800


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Airflow:
    url: str
    home: Path
    data_dir: Path
    logs: dict[str, Path]

    def log_tails(self, lines: int = 40) -> str:
        parts = []
        for name, path in self.logs.items():
            text = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
            parts.append(f"--- {name} ---\n" + "\n".join(text))
        return "\n".join(parts)


def _wait_for(what: str, check, timeout: float, airflow: Airflow, interval: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except httpx.HTTPError:
            result = None
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{airflow.log_tails()}")


@pytest.fixture(scope="module")
def airflow(tmp_path_factory) -> Iterator[Airflow]:
    """API server, scheduler and DAG processor on a free localhost port; stopped afterwards."""
    root = tmp_path_factory.mktemp("ui")
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FINOPS_DATA_DIR", str(root / "data"))
        patch.setenv("AIRFLOW_HOME", str(root / "airflow"))
        patch.delenv("FINOPS_WAREHOUSE_PATH", raising=False)
        env = {**os.environ, **airflow_environment()}
    env.update(
        {
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://localhost:{port}/execution/",
            "AIRFLOW__API__BASE_URL": f"http://localhost:{port}",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(32),
        }
    )
    home = prepare_airflow_home(env)
    logs = {name: root / f"{name}.log" for name in SERVICES}
    processes = []
    airflow = Airflow(f"http://localhost:{port}", home, root / "data", logs)
    try:
        for name in SERVICES:
            args = [airflow_executable(), name] + (["--port", str(port)] if name == "api-server" else [])
            with logs[name].open("w") as log:
                processes.append(
                    subprocess.Popen(
                        args, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                )
        _wait_for(
            "the API server's health endpoint",
            lambda: httpx.get(f"{airflow.url}/api/v2/monitor/health", timeout=10).status_code == 200,
            START_TIMEOUT_SECONDS,
            airflow,
        )
        yield airflow
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


@pytest.fixture(scope="module")
def client(airflow) -> Iterator[httpx.Client]:
    """An API client logged in as the generated admin user (the password the UI asks for)."""
    passwords = airflow.home / "simple_auth_manager_passwords.json.generated"
    password = json.loads(passwords.read_text())["admin"]
    response = httpx.post(
        f"{airflow.url}/auth/token", json={"username": "admin", "password": password}, timeout=30
    )
    assert response.status_code in (200, 201), response.text
    token = response.json()["access_token"]
    with httpx.Client(base_url=airflow.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        yield c


def test_wrong_password_gets_no_token(airflow):
    response = httpx.post(
        f"{airflow.url}/auth/token", json={"username": "admin", "password": "not-the-password"}, timeout=30
    )
    assert response.status_code == 401


def test_dag_triggered_through_the_api_runs_to_success(airflow, client):
    dag = _wait_for(
        "the DAG processor to register the DAG",
        lambda: (r := client.get(f"/api/v2/dags/{DAG_ID}")).status_code == 200 and r.json(),
        START_TIMEOUT_SECONDS,
        airflow,
    )
    assert dag["dag_display_name"] == "FinOps pipeline"
    assert client.patch(f"/api/v2/dags/{DAG_ID}", json={"is_paused": False}).status_code == 200

    response = client.post(
        f"/api/v2/dags/{DAG_ID}/dagRuns",
        json={"logical_date": None, "conf": {"rows": 3000, "window_days": 3, "seed": 7}},
    )
    assert response.status_code == 200, response.text
    run_id = response.json()["dag_run_id"]

    def finished():
        state = client.get(f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}").json()["state"]
        return state if state in ("success", "failed") else None

    state = _wait_for(f"run {run_id} to finish", finished, RUN_TIMEOUT_SECONDS, airflow, interval=5)
    instances = client.get(
        f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", params={"limit": 1000}
    ).json()["task_instances"]
    not_ok = {ti["task_id"]: ti["state"] for ti in instances if ti["state"] != "success"}
    assert (state, not_ok) == ("success", {}), airflow.log_tails()
    assert len(instances) > 50
    assert (airflow.data_dir / "site" / "index.html").exists()
    assert (airflow.data_dir / "public" / "index.html").exists()


def test_ui_pages_answer(airflow, client):
    for path in ("/", f"/dags/{DAG_ID}"):
        response = httpx.get(f"{airflow.url}{path}", timeout=30, follow_redirects=True)
        assert response.status_code == 200, path
        assert "<html" in response.text.lower(), path
