"""Fixtures of the loader tests: each test gets its own warehouse file and landing zone.

Every test runs the real loader against a real DuckDB file in a temporary folder; the inputs are
small CSV texts (built with ``loading_kit``), simulator runs of a few thousand rows and real SDK files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from loading_kit import SEED001, Env, csv_text


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    monkeypatch.setenv("FINOPS_DATA_DIR", str(tmp_path / "data"))
    # paths that would override the data dir (another test may have exported them in-process)
    for name in ("FINOPS_WAREHOUSE_PATH", "FINOPS_LANDING_DIR", "FINOPS_SITE_DIR", "FINOPS_PUBLISH_DIR"):
        monkeypatch.delenv(name, raising=False)
    yield Env(tmp_path)


@pytest.fixture
def quarantine_of(env: Env) -> Callable[[list[dict[str, str]]], list[tuple]]:
    """Import rows and return raw.quarantine's (row_number, reason, reason_detail, raw_content)."""

    def run(rows: list[dict[str, str]], columns: tuple[str, ...] = SEED001) -> list[tuple]:
        landed, report = env.import_text(csv_text(rows, columns))
        env.assert_reconciles(report)
        return env.sql(
            "select row_number, reason, reason_detail, raw_content from raw.quarantine"
            " where batch_id = ? order by row_number",
            [landed.stem],
        )

    return run
