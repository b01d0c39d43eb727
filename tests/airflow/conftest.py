"""Fixtures of the Airflow tests: a migrated metadata DB and a temporary data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from include.airflow.setup_db import prepare_airflow_home


@pytest.fixture(scope="session")
def airflow_home() -> Path:
    """The suite's AIRFLOW_HOME (see tests/conftest.py), migrated and with the warehouse pool."""
    return prepare_airflow_home(dict(os.environ))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh FINOPS_DATA_DIR; the warehouse, landing zone, site and publish dir follow it."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("FINOPS_DATA_DIR", str(root))
    for name in ("FINOPS_WAREHOUSE_PATH", "FINOPS_LANDING_DIR", "FINOPS_SITE_DIR", "FINOPS_PUBLISH_DIR"):
        monkeypatch.delenv(name, raising=False)
    yield root
