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


def _largest_impact(reader: MartReader) -> Insight | None:
    if not reader.has("rpt_recommendations"):
        return None
    quantified = [r for r in reader.rows("rpt_recommendations") if r["impact_usd"] is not None]
    if not quantified:
        return None
    top = max(quantified, key=lambda r: (r["impact_usd"], -r["rank"]))
    entity = f"{top['entity_type']} {top['entity_id']}" if top["entity_id"] else "whole dataset"
    return Insight(
        "Largest quantified saving or loss",
        usd(top["impact_usd"]),
        f"{top['analysis']} · {top['rec_code']} · {entity}",
        top["analysis"],
    )


INSIGHTS = (_least_profitable_tier, _provider_concentration, _spend_trend, _largest_impact)


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
