"""Where the API keeps its files and how big a request may be, from the platform settings.

Everything lives under ``FINOPS_DATA_DIR`` (docs/architecture.md): the serving snapshot
(``serving/agents.duckdb``), the key store and the tracking ledger (``api/``); tracked events land
in ``<landing>/api/<kind>/``. The body limit is the ``api_max_body_bytes`` threshold of the seed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from include.reference import threshold
from include.settings import get_settings


@dataclass(frozen=True)
class ApiSettings:
    """A snapshot of the API's settings; build one with :func:`api_settings`."""

    warehouse_path: Path
    snapshot_path: Path
    keys_path: Path
    ledger_path: Path
    landing_dir: Path
    max_body_bytes: int
    seal_interval_seconds: float = 1.0
    seal_max_events: int = 5000


def api_settings(warehouse: Path | None = None, snapshot: Path | None = None) -> ApiSettings:
    """Read the environment now, so tests can point the API at temporary folders.

    ``FINOPS_API_SNAPSHOT_PATH`` overrides the serving snapshot (default
    ``$FINOPS_DATA_DIR/serving/agents.duckdb``); ``FINOPS_API_SEAL_SECONDS`` how often tracked
    events are sealed into landing files (default 1 s).
    """
    s = get_settings()
    env_snapshot = os.environ.get("FINOPS_API_SNAPSHOT_PATH")
    return ApiSettings(
        warehouse_path=Path(warehouse) if warehouse else s.warehouse_path,
        snapshot_path=Path(snapshot or env_snapshot or s.data_dir / "serving" / "agents.duckdb"),
        keys_path=s.data_dir / "api" / "keys.sqlite",
        ledger_path=s.data_dir / "api" / "ledger.sqlite",
        landing_dir=s.landing_dir,
        max_body_bytes=int(threshold("api_max_body_bytes")),
        seal_interval_seconds=float(os.environ.get("FINOPS_API_SEAL_SECONDS", "1.0")),
    )
