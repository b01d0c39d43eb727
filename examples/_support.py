"""Shared set-up of the examples: a scratch folder, the local fake provider, a file tracker.

Every example runs offline: model calls go to :class:`finops_sdk.testing.FakeProviderServer`
(the official ``openai``/``anthropic`` clients talk to it unmodified) and tracked calls land in
a temporary landing zone that is deleted when the script exits.
"""

from __future__ import annotations

import atexit
import csv
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from finops_sdk import Tracker
from finops_sdk.testing import FakeProviderServer

SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"


def tier_prices() -> dict[str, float]:
    """Monthly price of each subscription tier, from the platform's ``tiers`` seed."""
    with (SEEDS / "tiers.csv").open(newline="") as handle:
        return {row["tier"]: float(row["monthly_price_usd"]) for row in csv.DictReader(handle)}


def workspace() -> Path:
    """A temporary folder for the landing zone, the spool and the budget database."""
    root = Path(tempfile.mkdtemp(prefix="finops-example-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def fake_provider() -> FakeProviderServer:
    """The local stand-in for the OpenAI and Anthropic APIs, stopped at exit."""
    server = FakeProviderServer().start()
    atexit.register(server.stop)
    return server


def file_tracker(root: Path, **options: Any) -> Tracker:
    """A tracker writing JSONL batches into ``<root>/landing/sdk/calls`` (the loader's layout)."""
    options.setdefault("flush_interval_s", 0.05)
    return Tracker("file", landing_dir=root / "landing", spool_dir=root / "spool", **options)


def landed_calls(root: Path, source: str = "sdk") -> list[dict[str, Any]]:
    """The call records delivered so far, ``metadata`` decoded."""
    rows = []
    for path in sorted((root / "landing" / source / "calls").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            row["metadata"] = json.loads(row["metadata"])
            rows.append(row)
    return rows
