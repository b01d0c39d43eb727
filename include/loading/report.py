"""What a load did, batch by batch: the reconciliation of catalogue §3.8.

The CLI prints it, the Airflow task returns ``to_dict()`` as Asset metadata, and
``rpt_dataset_overview__quality`` shows the same counts from ``raw.batches``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class BatchReport:
    """One landed file = one batch; ``rows_read == rows_accepted + rows_quarantined``."""

    batch_id: str
    source: str
    kind: str
    rows_read: int
    rows_accepted: int
    rows_quarantined: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.rows_accepted + self.rows_quarantined and self.rows_quarantined == sum(
            self.quarantined_by_reason.values()
        )


@dataclass
class LoadReport:
    """All batches of one ``load_files``/``load_landing`` call, in load order."""

    batches: list[BatchReport] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(b.rows_read for b in self.batches)

    @property
    def rows_accepted(self) -> int:
        return sum(b.rows_accepted for b in self.batches)

    @property
    def rows_quarantined(self) -> int:
        return sum(b.rows_quarantined for b in self.batches)

    @property
    def reconciles(self) -> bool:
        """True when every batch satisfies read = accepted + quarantined."""
        return all(b.reconciles for b in self.batches)

    def quarantined_by_reason(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for b in self.batches:
            for reason, n in b.quarantined_by_reason.items():
                totals[reason] = totals.get(reason, 0) + n
        return dict(sorted(totals.items()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (plain ints, floats, strings, lists, dicts)."""
        return {
            "batches": [asdict(b) for b in self.batches],
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_quarantined": self.rows_quarantined,
            "quarantined_by_reason": self.quarantined_by_reason(),
            "reconciles": self.reconciles,
        }
