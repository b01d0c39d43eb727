"""The ``finops api`` command: help, key creation (printed once, stored hashed), snapshot errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.auth import KeyStore
from include.cli import main


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FINOPS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FINOPS_WAREHOUSE_PATH", raising=False)
    monkeypatch.delenv("FINOPS_API_SNAPSHOT_PATH", raising=False)
    return tmp_path


def test_help_lists_options_and_subcommands() -> None:
    result = CliRunner().invoke(main, ["api", "--help"])
    assert result.exit_code == 0
    for word in ("--host", "--port", "--warehouse", "keys", "snapshot"):
        assert word in result.output


def test_keys_create_prints_a_key_that_is_stored_only_hashed(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["api", "keys", "create", "--organization", "org_042"])
    assert result.exit_code == 0, result.output
    key = result.output.strip()
    store = data_dir / "api" / "keys.sqlite"
    assert KeyStore(store).organization_of(key) == "org_042"
    assert KeyStore(store).organization_of(key + "x") is None
    dump = "\n".join(sqlite3.connect(store).iterdump())
    assert key.split("_", 2)[2] not in dump  # the secret part never reaches the disk


def test_snapshot_without_a_warehouse_says_what_to_run(data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["api", "snapshot"])
    assert result.exit_code != 0 and "finops run" in result.output
