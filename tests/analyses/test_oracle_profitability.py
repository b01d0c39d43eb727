"""Oracle for §6.6 profitability: customer revenue, margin and bands recomputed in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import threshold
from tests.analyses.customer_window import customer_window, margin_band, monthly, window_days
from tests.analyses.oracle import assert_close, assert_frames_close


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def customers(calls) -> pd.DataFrame:
    frame = customer_window(calls)
    frame["margin_usd"] = frame["revenue_usd"] - frame["cost_usd"]
    frame["margin_pct"] = 100 * frame["margin_usd"] / frame["revenue_usd"].replace(0, np.nan)
    frame["band"] = frame["margin_pct"].map(margin_band)
    return frame


def test_current_attributes_match_dim_customers(analysis_warehouse, customers) -> None:
    dim = analysis_warehouse.table("marts.dim_customers")
    dim = dim[dim["customer_id"].isin(customers["customer_id"])]
    merged = customers.merge(dim, on="customer_id", suffixes=("", "_dim"))
    assert len(merged) == len(customers)
    assert (merged["subscription_tier"] == merged["subscription_tier_dim"]).all()
    assert (merged["customer_archetype"] == merged["customer_archetype_dim"]).all()


def test_by_customer_revenue_margin_and_band(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_profitability__by_customer")
    oracle = customers.rename(columns={"subscription_tier": "tier", "customer_archetype": "archetype"})
    assert_frames_close(
        mart, oracle, ["customer_id"],
        ["tier", "archetype", "calls", "revenue_usd", "cost_usd", "margin_usd", "margin_pct", "band"],
        "profitability by_customer",
    )


def test_by_tier_sums(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_profitability__by_tier")
    oracle = customers.groupby("subscription_tier").agg(
        customers=("customer_id", "size"),
        revenue_usd=("revenue_usd", lambda s: s.sum(min_count=1)),
        cost_usd=("cost_usd", "sum"),
        margin_usd=("margin_usd", lambda s: s.sum(min_count=1)),
        unprofitable_customers=("band", lambda s: int((s == "unprofitable").sum())),
    ).reset_index().rename(columns={"subscription_tier": "tier"})
    oracle["margin_pct"] = 100 * oracle["margin_usd"] / oracle["revenue_usd"]
    oracle["cost_per_customer"] = oracle["cost_usd"] / oracle["customers"]
    assert_frames_close(
        mart, oracle, ["tier"],
        ["customers", "revenue_usd", "cost_usd", "margin_usd", "margin_pct", "cost_per_customer",
         "unprofitable_customers"],
        "profitability by_tier",
    )


def test_summary_headline(analysis_warehouse, calls, customers) -> None:
    summary = analysis_warehouse.table("marts.rpt_profitability__summary").iloc[0]
    priced = customers[customers["revenue_usd"].notna()]
    revenue, cost = priced["revenue_usd"].sum(), customers["cost_usd"].sum()
    margin = revenue - priced["cost_usd"].sum()
    losses = -customers.loc[customers["margin_usd"] < 0, "margin_usd"]
    days = window_days(calls)
    assert summary["customers"] == len(customers)
    assert summary["priced_customers"] == len(priced)
    assert summary["unprofitable_customers"] == len(losses)
    assert_close(summary["revenue_usd"], revenue, "summary revenue_usd")
    assert_close(summary["cost_usd"], cost, "summary cost_usd")
    assert_close(summary["margin_usd"], margin, "summary margin_usd")
    assert_close(summary["margin_pct"], 100 * margin / revenue, "summary margin_pct")
    assert_close(summary["total_loss_usd"], losses.sum(), "summary total_loss_usd")
    assert_close(summary["monthly_loss_usd"], monthly(losses.sum(), days), "summary monthly_loss_usd")
    assert_close(summary["window_days"], days, "summary window_days")
    assert_close(summary["target_margin_pct"], threshold("target_margin_pct"), "target_margin_pct")


def test_unprofitable_ranked_by_loss(analysis_warehouse, calls, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_profitability__unprofitable")
    losing = customers[customers["margin_usd"] < 0].copy()
    losing["loss_usd"] = -losing["margin_usd"]
    losing["monthly_loss_usd"] = losing["loss_usd"].map(lambda x: monthly(x, window_days(calls)))
    losing = losing.sort_values(["loss_usd", "customer_id"], ascending=[False, True])
    losing["rank"] = np.arange(1, len(losing) + 1)
    assert_frames_close(
        mart, losing, ["customer_id"], ["loss_usd", "monthly_loss_usd", "rank"], "profitability unprofitable"
    )


def test_margin_distribution_counts(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_profitability__margin_distribution").set_index("band")
    counts = customers["band"].value_counts()
    for band, row in mart.iterrows():
        expected = int(counts.get(band, 0))
        assert row["customers"] == expected, f"band {band}: mart {row['customers']}, oracle {expected}"
        assert_close(row["pct_of_customers"], 100 * expected / len(customers), f"band {band} pct")
    assert mart["customers"].sum() == len(customers)
