"""A small simulated warehouse that went through the real simulator and the real loader.

The simulator lands ~3,000 calls as Parquet; then a CSV in the seed-001 layout re-sends the first
``RESENT`` of those calls (same call ids in ``metadata``, so they supersede the Parquet rows,
§3.6) and adds rows that exercise the import rules: one model outside the price book with a
reported cost (accepted, unpriced), one without a cost (quarantined ``unknown_model``), one bad
timestamp, one negative token count and one exact duplicate row.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from include.loading.api import import_csv, load_files
from simulator.api import SimulationParams, run_simulation

PARAMS = SimulationParams(
    seed=20261123, rows=3000, window_end=datetime(2026, 6, 1, tzinfo=UTC), window_days=3
)
RESENT = 300
UNPRICED_CALL_ID = "imp_dbt_test_unpriced"
UNPRICED_MODEL = "mystery-model-x"
# (reason, rows) the extra CSV rows must produce in raw.quarantine
QUARANTINED = {"unknown_model": 1, "bad_timestamp": 1, "negative_tokens": 1, "duplicate_row": 1}


@dataclass(frozen=True)
class SimulatedLoad:
    """Where the data went and the batch ids the tests look for."""

    warehouse: Path
    csv_batch_id: str
    resent_call_ids: frozenset[str]


def _with_metadata(row: dict[str, str], **changes: object) -> dict[str, str]:
    """The row with ``metadata`` keys changed; a ``None`` value drops the key."""
    metadata = json.loads(row["metadata"])
    metadata.update(changes)
    metadata = {k: v for k, v in metadata.items() if v is not None}
    return {**row, "metadata": json.dumps(metadata)}


def _resend_csv(full_csv: Path, out: Path) -> frozenset[str]:
    """Write the re-send file: ``RESENT`` simulated rows plus the rule-exercising extra rows."""
    with full_csv.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [next(reader) for _ in range(RESENT + 3)]
    resent, spare = rows[:RESENT], rows[RESENT:]
    extra = [
        _with_metadata(
            {**spare[0], "model": UNPRICED_MODEL, "cost_usd": "0.0421"},
            call_id=UNPRICED_CALL_ID,
            cost_source=None,
        ),
        _with_metadata(
            {**spare[1], "model": UNPRICED_MODEL, "cost_usd": ""}, call_id="imp_dbt_test_no_price"
        ),
        {**spare[2], "timestamp": "not-a-timestamp"},
        {**spare[2], "input_tokens": "-5"},
        dict(resent[0]),  # same canonical content as the first row of the batch
    ]
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows([*resent, *extra])
    return frozenset(json.loads(r["metadata"])["call_id"] for r in resent)


def simulate_and_load(root: Path) -> SimulatedLoad:
    """Simulate, land, load the Parquet batches, then import and load the re-send CSV."""
    landing = root / "landing"
    full_csv = root / "simulated.csv"
    manifest = run_simulation(PARAMS, landing, csv_path=full_csv)
    warehouse = root / "warehouse.duckdb"
    parquet = [landing / str(f["path"]) for f in manifest["files"]]  # type: ignore[union-attr]
    first = load_files(warehouse, parquet)
    assert all(b.reconciles for b in first.batches), first
    resend = root / "resend.csv"
    resent_ids = _resend_csv(full_csv, resend)
    landed = import_csv(resend, landing)
    second = load_files(warehouse, [landed])
    (batch,) = second.batches
    assert batch.quarantined_by_reason == QUARANTINED, batch
    return SimulatedLoad(warehouse=warehouse, csv_batch_id=batch.batch_id, resent_call_ids=resent_ids)
