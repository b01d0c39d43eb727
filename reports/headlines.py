"""The index's headline cards, declared once, each read from one column of a one-row mart.

A card shows only when its mart exists, so the index grows as analyses land: adding a headline
(margin %, SLA compliance, error rate, forecast, potential savings — catalogue §10.2) is one
entry here. The value is the mart's figure, formatted; nothing is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.formatting import FILTERS
from reports.marts import MartReader

__all__ = ["HEADLINES", "Headline", "HeadlineCard", "read_headlines"]


@dataclass(frozen=True)
class Headline:
    label: str
    mart: str
    column: str
    kind: str  # a display format of reports.formatting (usd, pct, rate, count, ...)
    page: str | None = None  # id of the page that explains the figure

    def __post_init__(self) -> None:
        if self.kind not in FILTERS:
            raise ValueError(f"headline {self.label}: unknown display format {self.kind!r}")


@dataclass(frozen=True)
class HeadlineCard:
    label: str
    value: str
    page: str | None


HEADLINES: tuple[Headline, ...] = (
    Headline("Total cost", "rpt_dataset_overview__summary", "cost_usd", "usd", "dataset_overview"),
    Headline("Calls", "rpt_dataset_overview__summary", "calls", "count", "dataset_overview"),
    Headline("Customers", "rpt_dataset_overview__scale", "customers", "count", "dataset_overview"),
)


def read_headlines(
    reader: MartReader, headlines: tuple[Headline, ...] = HEADLINES, pages: set[str] | None = None
) -> list[HeadlineCard]:
    """Cards for the headlines whose mart exists; a mart without its one row is an error."""
    cards = []
    cache: dict[str, list[dict]] = {}
    for item in headlines:
        if not reader.has(item.mart):
            continue
        rows = cache.setdefault(item.mart, reader.rows(item.mart))
        if len(rows) != 1:
            raise ValueError(
                f"headline {item.label}: mart {item.mart} has {len(rows)} rows, expected exactly 1"
            )
        if item.column not in rows[0]:
            raise LookupError(f"headline {item.label}: mart {item.mart} has no column {item.column}")
        page = item.page if pages is None or item.page in pages else None
        cards.append(HeadlineCard(item.label, FILTERS[item.kind](rows[0][item.column]), page))
    return cards
