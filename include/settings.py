"""Paths and settings of the platform, read from the environment in one place.

Every other module asks this one where things live, so that tests, the DAG, the CLI and a
developer's shell all agree, and so a test can point the whole platform at a temporary folder
by setting ``FINOPS_DATA_DIR``. Nothing here touches the disk at import time.

Environment variables (all optional):

========================  ==========================================  ==============================
variable                  meaning                                     default
========================  ==========================================  ==============================
FINOPS_DATA_DIR           root of everything the platform writes      ``<project>/data``
FINOPS_WAREHOUSE_PATH     the DuckDB warehouse file                   ``$FINOPS_DATA_DIR/warehouse.duckdb``
FINOPS_LANDING_DIR        landing zone for files to load              ``$FINOPS_DATA_DIR/landing``
FINOPS_SITE_DIR           where the static site is rendered           ``$FINOPS_DATA_DIR/site``
FINOPS_PUBLISH_DIR        where ``publish`` copies the site           ``$FINOPS_DATA_DIR/public``
FINOPS_PUBLISH_GIT_REMOTE a git remote to push the site to (gh-pages) unset: copy to a directory
FINOPS_WINDOW_END         default simulated window end (ISO, UTC)     ``2026-01-01T00:00:00Z``
AIRFLOW_HOME              Airflow's home                              ``$FINOPS_DATA_DIR/airflow``
========================  ==========================================  ==============================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
DEFAULT_WINDOW_END = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class Settings:
    """A snapshot of the settings; build one with :func:`get_settings`."""

    data_dir: Path
    warehouse_path: Path
    landing_dir: Path
    site_dir: Path
    publish_dir: Path
    publish_git_remote: str | None
    airflow_home: Path
    default_window_end: datetime

    @property
    def dbt_project_dir(self) -> Path:
        return DBT_PROJECT_DIR

    @property
    def seeds_dir(self) -> Path:
        return SEEDS_DIR


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def parse_utc(value: str) -> datetime:
    """Parse an ISO timestamp; a value without a zone is UTC (catalogue §1.3)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def get_settings() -> Settings:
    """Read the environment now (not at import), so tests can change it per test."""
    data_dir = _path("FINOPS_DATA_DIR", PROJECT_ROOT / "data")
    return Settings(
        data_dir=data_dir,
        warehouse_path=_path("FINOPS_WAREHOUSE_PATH", data_dir / "warehouse.duckdb"),
        landing_dir=_path("FINOPS_LANDING_DIR", data_dir / "landing"),
        site_dir=_path("FINOPS_SITE_DIR", data_dir / "site"),
        publish_dir=_path("FINOPS_PUBLISH_DIR", data_dir / "public"),
        publish_git_remote=os.environ.get("FINOPS_PUBLISH_GIT_REMOTE") or None,
        airflow_home=_path("AIRFLOW_HOME", data_dir / "airflow"),
        default_window_end=parse_utc(os.environ.get("FINOPS_WINDOW_END", DEFAULT_WINDOW_END)),
    )
