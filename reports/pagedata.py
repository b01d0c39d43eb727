"""Everything a page shows, read from its marts: rows, totals, recommendations, downloads.

A template receives ``marts.<name>`` (a :class:`MartData`: ``rows``, ``total``, ``one``) for
every mart its registry entry lists, and ``recommendations`` (the analysis's rows of
``rpt_recommendations`` in §1.11 order). Nothing is computed here: the template picks columns
and the first N rows; marts hold complete results (§1.1) so ``total`` is the true "of M".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.marts import MartReader, Row
from reports.registry import RECOMMENDATIONS_MART, ReportPage
from reports.serialize import write_csv, write_json

__all__ = ["DOWNLOADS_DIRNAME", "Download", "MartData", "PageData", "read_page", "write_downloads"]

DOWNLOADS_DIRNAME = "data"
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class MartData:
    """The complete content of one mart (or the page's slice of rpt_recommendations)."""

    name: str
    columns: list[str]
    rows: list[Row]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def one(self) -> Row | None:
        """The single row of a one-row mart (``summary``, ``scale``), None when empty."""
        if len(self.rows) > 1:
            raise ValueError(f"mart {self.name} has {len(self.rows)} rows; `.one` is for one-row marts")
        return self.rows[0] if self.rows else None


@dataclass(frozen=True)
class Download:
    mart: str
    rows: int
    csv: str  # path relative to the site root
    json: str


@dataclass
class PageData:
    page: ReportPage
    marts: dict[str, MartData | None]  # None: an optional mart that is not in the warehouse
    recommendations: list[Row]
    downloads: list[Download] = field(default_factory=list)

    @property
    def read(self) -> dict[str, MartData]:
        """The marts actually read (required ones and the optional ones that exist)."""
        return {name: data for name, data in self.marts.items() if data is not None}

    @property
    def rows_per_mart(self) -> dict[str, int]:
        return {name: data.total for name, data in self.read.items()}


def _recommendation_key(row: Row) -> tuple[Any, ...]:
    """§1.11 order: severity, impact_usd descending (NULL last), rec_code, entity_id."""
    impact = row.get("impact_usd")
    return (
        row.get("rank") if row.get("rank") is not None else float("inf"),
        SEVERITY_ORDER.get(row["severity"], 3),
        impact is None,
        -float(impact) if impact is not None else 0.0,
        row["rec_code"],
        row["entity_id"],
    )


def read_page(reader: MartReader, page: ReportPage) -> PageData:
    """Read every mart of a page (the registry guarantees they exist)."""
    marts: dict[str, MartData | None] = {
        name: MartData(name, reader.columns(name), reader.rows(name)) for name in page.marts
    }
    for name in page.optional_marts:
        marts[name] = MartData(name, reader.columns(name), reader.rows(name)) if reader.has(name) else None
    recommendations: list[Row] = []
    if page.recommendations:
        rec_rows = reader.rows(RECOMMENDATIONS_MART, where={"analysis": page.id})
        recommendations = sorted(rec_rows, key=_recommendation_key)
        marts[RECOMMENDATIONS_MART] = MartData(
            RECOMMENDATIONS_MART, reader.columns(RECOMMENDATIONS_MART), recommendations
        )
    return PageData(page=page, marts=marts, recommendations=recommendations)


def write_downloads(site_dir: Path, data: PageData, generated_at: str) -> list[Download]:
    """Write ``data/<page>/<mart>.csv`` and ``.json`` for every mart behind the page."""
    folder = site_dir / DOWNLOADS_DIRNAME / data.page.id
    folder.mkdir(parents=True, exist_ok=True)
    downloads = []
    for name, mart in data.read.items():
        write_csv(folder / f"{name}.csv", mart.columns, mart.rows)
        document = {
            "mart": name,
            "page": data.page.id,
            "generated_at": generated_at,
            "row_count": mart.total,
            "columns": mart.columns,
            "rows": mart.rows,
        }
        if name == RECOMMENDATIONS_MART:
            document["filter"] = {"analysis": data.page.id}
        write_json(folder / f"{name}.json", document)
        relative = f"{DOWNLOADS_DIRNAME}/{data.page.id}/{name}"
        downloads.append(Download(mart=name, rows=mart.total, csv=f"{relative}.csv", json=f"{relative}.json"))
    data.downloads = downloads
    return downloads
