"""Oracle for §6.7 pricing: the four pricing models and usage segments recomputed in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import read_seed, threshold
from tests.analyses.customer_window import customer_window, monthly, window_days
from tests.analyses.oracle import assert_close, assert_frames_close

MODELS = ["flat", "tiered", "usage", "hybrid"]


def _segment(ratio: float) -> str | None:
    if pd.isna(ratio):
        return None
    if ratio < threshold("usage_segment_light"):
        return "light"
    if ratio < threshold("usage_segment_medium"):
        return "medium"
    return "heavy"


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def customers(calls) -> pd.DataFrame:
    """Priced customers with their usage ratio, segment and revenue under every model."""
    days = window_days(calls)
    included = {r["tier"]: float(r["included_tokens_per_month"]) for r in read_seed("tiers")}
    frame = customer_window(calls)
    frame = frame[frame["tier_price_usd"].notna()].copy()
    frame["flat_revenue_usd"] = frame["revenue_usd"]
    frame["included_tokens"] = (
        frame["subscription_tier"].map(included).fillna(0.0) * days / threshold("days_per_month")
    )
    overage = (frame["total_tokens"] - frame["included_tokens"]).clip(lower=0)
    frame["tiered_revenue_usd"] = frame["flat_revenue_usd"] + overage / 1000 * threshold(
        "tiered_overage_usd_per_1k"
    )
    frame["usage_revenue_usd"] = frame["total_tokens"] / 1000 * threshold("usage_price_usd_per_1k")
    frame["hybrid_revenue_usd"] = (
        threshold("hybrid_base_share") * frame["flat_revenue_usd"]
        + threshold("hybrid_cost_markup") * frame["cost_usd"]
    )
    frame["usage_ratio"] = frame["cost_usd"] / frame["flat_revenue_usd"].replace(0, np.nan)
    frame["segment"] = frame["usage_ratio"].map(_segment)
    return frame


def test_by_customer_revenues(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_pricing__by_customer")
    assert len(customers) > 0
    assert_frames_close(
        mart,
        customers,
        ["customer_id"],
        ["usage_ratio", "segment", "included_tokens"] + [f"{m}_revenue_usd" for m in MODELS],
        "pricing by_customer",
    )


def test_alternative_models(analysis_warehouse, calls, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_pricing__alternative_models")
    cost = customers["cost_usd"].sum()
    flat = customers["flat_revenue_usd"].sum()
    rows = []
    for model in MODELS:
        revenue = customers[f"{model}_revenue_usd"].sum()
        rows.append(
            {
                "pricing_model": model,
                "revenue_usd": revenue,
                "cost_usd": cost,
                "margin_pct": 100 * (revenue - cost) / revenue,
                "revenue_change_vs_flat_usd": revenue - flat,
                "monthly_revenue_usd": monthly(revenue, window_days(calls)),
                "customers_paying_more": int(
                    (customers[f"{model}_revenue_usd"] > customers["flat_revenue_usd"]).sum()
                ),
                "customers_paying_less": int(
                    (customers[f"{model}_revenue_usd"] < customers["flat_revenue_usd"]).sum()
                ),
            }
        )
    oracle = pd.DataFrame(rows).sort_values(["margin_pct", "pricing_model"], ascending=[False, True])
    oracle["rank"] = np.arange(1, len(oracle) + 1)
    assert_frames_close(
        mart,
        oracle,
        ["pricing_model"],
        [
            "revenue_usd",
            "cost_usd",
            "margin_pct",
            "revenue_change_vs_flat_usd",
            "monthly_revenue_usd",
            "customers_paying_more",
            "customers_paying_less",
            "rank",
        ],
        "pricing alternative_models",
    )


def test_segments(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_pricing__segments").set_index("segment")
    for segment in ["light", "medium", "heavy"]:
        members = customers[customers["segment"] == segment]
        revenue, cost = members["flat_revenue_usd"].sum(), members["cost_usd"].sum()
        row = mart.loc[segment]
        assert row["customers"] == len(members), f"segment {segment} customers"
        assert_close(row["revenue_usd"], revenue, f"segment {segment} revenue")
        assert_close(row["cost_usd"], cost, f"segment {segment} cost")
        expected_pct = 100 * (revenue - cost) / revenue if len(members) else float("nan")
        assert_close(row["margin_pct"], expected_pct, f"segment {segment} margin_pct")
