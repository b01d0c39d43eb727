"""Read the reference seeds (price book, providers, tiers, thresholds, …) for Python code.

The dbt seeds under ``dbt_project/seeds`` are the single source of truth (catalogue §4); the
simulator, the loader and the reports read the very same CSV files through this module, so a
price or a threshold changed in one file changes every part of the platform.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from include.settings import SEEDS_DIR


def read_seed(name: str, seeds_dir: Path = SEEDS_DIR) -> list[dict[str, str]]:
    """Rows of ``<name>.csv`` as dictionaries of strings (empty cells are empty strings)."""
    path = seeds_dir / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"reference seed {path} is missing; the dbt project is incomplete")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class PriceRow:
    """One row of ``price_book.csv``: USD per 1M tokens of each bucket, valid in [valid_from, valid_to)."""

    price_version_id: str
    provider: str
    model: str
    capability_class: str
    status: str
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    cached_input_usd_per_mtok: float
    cache_write_usd_per_mtok: float
    valid_from: date
    valid_to: date | None

    @property
    def blended_usd_per_mtok(self) -> float:
        t = thresholds()
        wi, wo = float(t["blend_input_weight"]), float(t["blend_output_weight"])
        return (wi * self.input_usd_per_mtok + wo * self.output_usd_per_mtok) / (wi + wo)


@cache
def price_book() -> tuple[PriceRow, ...]:
    rows = []
    for r in read_seed("price_book"):
        rows.append(
            PriceRow(
                price_version_id=r["price_version_id"],
                provider=r["provider"],
                model=r["model"],
                capability_class=r["capability_class"],
                status=r["status"],
                input_usd_per_mtok=float(r["input_usd_per_mtok"]),
                output_usd_per_mtok=float(r["output_usd_per_mtok"]),
                cached_input_usd_per_mtok=float(r["cached_input_usd_per_mtok"]),
                cache_write_usd_per_mtok=float(r["cache_write_usd_per_mtok"]),
                valid_from=date.fromisoformat(r["valid_from"]),
                valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
            )
        )
    return tuple(rows)


def current_models() -> Iterator[PriceRow]:
    """Price rows the simulator may draw: status ``current`` and open-ended."""
    return (p for p in price_book() if p.status == "current" and p.valid_to is None)


@cache
def thresholds() -> dict[str, str]:
    """Threshold name → value as written in ``thresholds.csv`` (callers convert)."""
    return {r["name"]: r["value"] for r in read_seed("thresholds")}


def threshold(name: str) -> float:
    """A numeric threshold; raises a clear error for a name that is not in the seed."""
    table = thresholds()
    if name not in table:
        raise KeyError(f"threshold {name!r} is not in dbt_project/seeds/thresholds.csv")
    return float(table[name])


@cache
def schema_columns(record: str = "call") -> tuple[dict[str, str], ...]:
    """The column contract of a record (``call``, ``workflow``, ``session``, ``budget``)."""
    return tuple(read_seed(f"{record}_schema"))
