"""Run the real dbt CLI against a temporary DuckDB warehouse, with its own target and log paths.

Every test gets a private warehouse file and target directory, so parallel helpers and the
developer's ``dbt_project/target`` never collide.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb

from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT

DBT = PROJECT_ROOT / ".venv" / "bin" / "dbt"
DBT_TIMEOUT_SECONDS = 900

# The models this suite is about: the core spine and the dataset_overview analysis with their
# parents (other analyses are tested by their own suites). Cautious indirect selection keeps
# out the tests of other analyses that merely read fct_calls.
CORE_SELECTION = ("+path:models/marts/core", "+tag:dataset_overview")


def run_dbt(args: list[str], warehouse: Path, target_dir: Path) -> subprocess.CompletedProcess:
    """``dbt <args>`` on ``warehouse``; raises with dbt's output when it fails."""
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        str(DBT),
        *args,
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir / "logs"),
    ]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=DBT_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        raise AssertionError(
            f"`{' '.join(args)}` failed (exit {result.returncode}); the failing node is named below:\n"
            f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        )
    return result


def build(
    warehouse: Path, target_dir: Path, selection: tuple[str, ...] = CORE_SELECTION
) -> subprocess.CompletedProcess:
    """``dbt build`` of ``selection`` (default: core and dataset_overview), its tests and unit tests."""
    return run_dbt(
        ["build", "--select", *selection, "--indirect-selection", "cautious"], warehouse, target_dir
    )


def built_warehouse(
    root: Path,
    write_raw: Callable[[duckdb.DuckDBPyConnection], None],
    selection: tuple[str, ...] = CORE_SELECTION,
) -> Path:
    """``root/warehouse.duckdb`` with raw.* written by ``write_raw``, then built by dbt."""
    path = root / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    try:
        write_raw(con)
    finally:
        con.close()
    build(path, root / "target", selection)
    return path


def fetch(warehouse: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on a read-only connection (closed before returning)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def records(warehouse: Path, sql: str) -> list[dict]:
    """Rows of ``sql`` as dictionaries keyed by column name."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
