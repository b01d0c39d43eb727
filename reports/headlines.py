"""The index's headline cards, declared once, each read from one column of a one-row mart.

A card shows only when its mart exists, so the index grows as analyses land: adding a headline
(margin %, SLA compliance, error rate, forecast, potential savings — catalogue §10.2) is one
entry here. The value is the mart's figure, formatted; nothing is computed.
"""

from __future__ import annotations

import re
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
    # a line under the figure with {column:kind} placeholders filled from the same row; left
    # out when any of those values is NULL (a band that does not exist yet, say)
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FILTERS:
            raise ValueError(f"headline {self.label}: unknown display format {self.kind!r}")
        for _, kind in NOTE_FIELD.findall(self.note or ""):
            if kind not in FILTERS:
                raise ValueError(f"headline {self.label}: unknown display format {kind!r} in its note")


NOTE_FIELD = re.compile(r"\{([a-z0-9_]+):([a-z]+)\}")


@dataclass(frozen=True)
class HeadlineCard:
    label: str
    value: str
    page: str | None
    note: str | None = None


def _note(template: str | None, row: dict, label: str) -> str | None:
    if template is None:
        return None
    values = {}
    for column, kind in NOTE_FIELD.findall(template):
        if column not in row:
            raise LookupError(f"headline {label}: its note names column {column}, which the mart lacks")
        if row[column] is None:
            return None
        values[f"{column}:{kind}"] = FILTERS[kind](row[column])
    return NOTE_FIELD.sub(lambda m: values[f"{m.group(1)}:{m.group(2)}"], template)


HEADLINES: tuple[Headline, ...] = (
    Headline("Total cost", "rpt_understanding__summary", "cost_usd", "usd", "understanding",
             note="{cost_per_1k_tokens:usd} per 1K tokens"),
    Headline("Calls", "rpt_dataset_overview__summary", "calls", "count", "dataset_overview",
             note="{failed_calls:count} failed"),
    Headline("Customers", "rpt_dataset_overview__scale", "customers", "count", "dataset_overview",
             note="{organizations:count} organizations"),
    Headline("Margin", "rpt_profitability__summary", "margin_pct", "pct", "profitability",
             note="{margin_usd:usd} on {revenue_usd:usd} prorated revenue"),
    Headline("SLA compliance", "rpt_performance__summary", "sla_compliance_pct", "pct", "performance",
             note="calls within {sla_latency_ms:ms}"),
    Headline("Error rate", "rpt_performance__summary", "error_rate", "rate", "performance"),
    Headline("30-day trend forecast", "rpt_understanding__forecast_summary", "trend_30d_usd", "usd",
             "understanding", note="80% band {trend_30d_lower_usd:usd} – {trend_30d_upper_usd:usd}"),
    Headline("Potential savings", "rpt_optimization__summary", "total_potential_monthly_usd", "usd",
             "optimization", note="per month, {potential_pct_of_spend:pct} of spend"),
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
        value = FILTERS[item.kind](rows[0][item.column])
        cards.append(HeadlineCard(item.label, value, page, _note(item.note, rows[0], item.label)))
    return cards
