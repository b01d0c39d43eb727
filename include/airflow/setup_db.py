"""Prepare an Airflow home for the embedded setup: migrate the metadata DB, create the pool.

``airflow dags test``, the scheduler and the UI all need a migrated metadata database (SQLite
under ``$AIRFLOW_HOME`` by default) and the warehouse pool of :mod:`include.airflow.pool`.
Both steps go through Airflow's own CLI, in a subprocess, so this module imports nothing heavy.
A stamp file records the Airflow version that prepared the home, so a second call costs nothing;
``--force`` redoes it.

Usage: ``python -m include.airflow.setup_db [--force]`` (the environment of
:mod:`include.airflow.environment` is applied first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from include.airflow import environment
from include.airflow.pool import WAREHOUSE_POOL, WAREHOUSE_POOL_DESCRIPTION, WAREHOUSE_POOL_SLOTS

STAMP_NAME = ".finops-airflow-ready"
TIMEOUT_SECONDS = 600


def airflow_executable() -> str:
    """The ``airflow`` script of the running interpreter's environment (PATH may lack .venv/bin)."""
    candidate = Path(sys.executable).with_name("airflow")
    return str(candidate) if candidate.exists() else "airflow"


def _stamp_text() -> str:
    return f"apache-airflow {version('apache-airflow')}; pool {WAREHOUSE_POOL}={WAREHOUSE_POOL_SLOTS}\n"


def prepare_airflow_home(env: dict[str, str] | None = None, *, force: bool = False) -> Path:
    """Migrate the metadata DB and create the pool in ``env['AIRFLOW_HOME']``; return that home."""
    values = {**os.environ, **(env or environment.airflow_environment())}
    home = Path(values["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    stamp = home / STAMP_NAME
    if not force and stamp.exists() and stamp.read_text() == _stamp_text():
        return home
    airflow = airflow_executable()
    for command in (
        [airflow, "db", "migrate"],
        [airflow, "pools", "set", WAREHOUSE_POOL, str(WAREHOUSE_POOL_SLOTS), WAREHOUSE_POOL_DESCRIPTION],
    ):
        result = subprocess.run(
            command, env=values, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"`{' '.join(command[1:3])}` failed in AIRFLOW_HOME={home} (exit {result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}\n"
                "Delete that folder to start from a clean metadata database, then rerun setup."
            )
    stamp.write_text(_stamp_text())
    return home


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    values = environment.apply()
    home = prepare_airflow_home(values, force="--force" in args)
    print(f"Airflow home ready: {home}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
