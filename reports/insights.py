"""The index's data-driven insight cards and charts (catalogue §10.2), each read from marts.

An insight picks one mart row (the least profitable tier, the largest quantified
recommendation, …) and shows its figures formatted; it never computes a new figure. An insight
or chart whose marts are not in the warehouse is left out, so the index grows as analyses land.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports.formatting import FILTERS
from reports.marts import MartReader, Row

__all__ = ["Insight", "read_index_charts", "read_insights"]

usd, pct, count = FILTERS["usd"], FILTERS["pct"], FILTERS["count"]


@dataclass(frozen=True)
class Insight:
    title: str
    value: str
    note: str
    page: str  # the page that explains it


def _one(reader: MartReader, mart: str) -> Row | None:
    if not reader.has(mart):
        return None
    rows = reader.rows(mart)
    return rows[0] if len(rows) == 1 else None


def _least_profitable_tier(reader: MartReader) -> Insight | None:
    if not reader.has("rpt_profitability__by_tier"):
        return None
    tiers = [r for r in reader.rows("rpt_profitability__by_tier") if r["margin_pct"] is not None]
    if not tiers:
        return None
    worst = min(tiers, key=lambda r: (r["margin_pct"], r["tier"]))
    return Insight(
        "Least profitable tier",
        str(worst["tier"]),
        f"margin {pct(worst['margin_pct'])} over {count(worst['customers'])} customers, "
        f"{count(worst['unprofitable_customers'])} unprofitable",
        "profitability",
    )


def _provider_concentration(reader: MartReader) -> Insight | None:
    if not reader.has("rpt_understanding__by_provider"):
        return None
    providers = reader.rows("rpt_understanding__by_provider")
    if not providers or providers[0]["cost_share_pct"] is None:
        return None
    top = providers[0]  # rank 1 by cost
    risk = _one(reader, "rpt_realtime__portfolio_risk")  # the HHI and its band, when realtime is built
    hhi = (
        f"HHI {count(risk['provider_hhi'])} ({risk['hhi_band']} concentration); "
        if risk is not None and risk["provider_hhi"] is not None
        else ""
    )
    return Insight(
        "Provider concentration",
        f"{pct(top['cost_share_pct'])} on {top['provider']}",
        f"{hhi}{usd(top['cost_usd'])} of spend; {count(len(providers))} providers in use",
        "understanding",
    )


def _spend_trend(reader: MartReader) -> Insight | None:
    fc = _one(reader, "rpt_understanding__forecast_summary")
    if fc is None:
        return None
    if fc["trend_pct_per_day"] is None:
        return Insight(
            "Spend trend",
            "no trend yet",
            f"fewer than 2 days to fit; 30-day run rate {usd(fc['run_rate_30d_usd'])}",
            "understanding",
        )
    band = (
        f" (80% band {usd(fc['trend_30d_lower_usd'])} – {usd(fc['trend_30d_upper_usd'])})"
        if fc["trend_30d_lower_usd"] is not None
        else ""
    )
    return Insight(
        "Spend trend",
        f"{pct(fc['trend_pct_per_day'])} per day",
        f"{usd(fc['slope_usd_per_day'])} per day; next 30 days {usd(fc['trend_30d_usd'])}{band}",
        "understanding",
    )


# Marts that list single savings with a monthly figure: (analysis, mart, entity columns, filter)
SAVINGS_SOURCES: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("optimization", "rpt_optimization__model_switching", ("provider", "model", "target_model"), None),
    ("optimization", "rpt_optimization__reserved_capacity", ("provider", "model"), "is_candidate"),
    ("optimization", "rpt_optimization__volume_discounts", ("provider",), None),
    ("token_economics", "rpt_token_economics__downgrade_opportunities",
     ("customer_id", "feature_id", "model", "target_model"), None),
)


def _largest_saving(reader: MartReader) -> Insight | None:
    """The single largest monthly saving listed by the optimization and token marts."""
    found: list[tuple[float, str, str]] = []
    for analysis, mart, entity_columns, only_if in SAVINGS_SOURCES:
        if not reader.has(mart):
            continue
        for row in reader.rows(mart):
            saving = row["monthly_savings_usd"]
            if saving is None or saving <= 0 or (only_if and not row[only_if]):
                continue
            entity = " · ".join(str(row[c]) for c in entity_columns)
            found.append((float(saving), analysis, entity))
    if not found:
        return None
    saving, analysis, entity = max(found, key=lambda f: (f[0], f[1], f[2]))
    return Insight("Largest single saving", f"{usd(saving)} / month", f"{analysis}: {entity}", analysis)


INSIGHTS = (_least_profitable_tier, _provider_concentration, _spend_trend, _largest_saving)


def read_insights(reader: MartReader, pages: set[str]) -> list[Insight]:
    """The insights whose marts exist; an insight whose page is not built links nowhere."""
    found = [insight for read in INSIGHTS if (insight := read(reader)) is not None]
    return [i if i.page in pages else Insight(i.title, i.value, i.note, "") for i in found]


def read_index_charts(reader: MartReader) -> dict[str, list[dict[str, Any]]]:
    """Rows behind the index charts: margin % per tier, cost by provider, daily cost and trend."""
    sources = {
        "tiers": "rpt_profitability__by_tier",
        "providers": "rpt_understanding__by_provider",
        "daily": "rpt_understanding__daily_cost",
    }
    return {key: reader.rows(mart) for key, mart in sources.items() if reader.has(mart)}
