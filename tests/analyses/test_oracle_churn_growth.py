"""Oracle for churn_growth (§6.12): headline figures recomputed in pandas from fct_calls and
dim_customers (current attributes), the tiers/features seeds and the thresholds seed, compared
with the marts at relative tolerance 1e-9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import read_seed
from include.reference import threshold as _t
from tests.analyses.oracle import close as _close


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def customers(analysis_warehouse, calls: pd.DataFrame) -> pd.DataFrame:
    """Per customer: current attributes, halves, growth, trend, inactivity and monthly rates."""
    start, end = calls["timestamp"].min(), calls["timestamp"].max()
    window_days = max((end - start).total_seconds(), 3600) / 86400
    assert window_days >= _t("churn_growth_min_window_days"), "the oracle warehouse needs a window of 2+ days"
    midpoint = start + (end - start) / 2
    dim = analysis_warehouse.table("marts.dim_customers").set_index("customer_id")
    by = calls.assign(first=calls["timestamp"] < midpoint).groupby("customer_id")
    per = pd.DataFrame({
        "calls": by.size(),
        "cost_usd": by["cost_usd"].sum(),
        "first_half": by["first"].sum(),
        "features": by["feature_id"].nunique(),
        "last_seen": by["timestamp"].max(),
    })
    per["second_half"] = per["calls"] - per["first_half"]
    per["tier"] = dim.loc[per.index, "subscription_tier"]
    per["archetype"] = dim.loc[per.index, "customer_archetype"]
    per["price"] = dim.loc[per.index, "tier_price_usd"]
    per["growth"] = 100 * (per["second_half"] - per["first_half"]) / per["first_half"].replace(0, np.nan)
    per["trend"] = np.select(
        [per["first_half"] == 0, per["growth"] > _t("growth_up_pct"), per["growth"] < _t("growth_down_pct")],
        ["new", "growing", "declining"], "stable")
    per["inactive_days"] = (end - per["last_seen"]).dt.total_seconds() / 86400
    per["monthly_calls"] = per["calls"] * _t("days_per_month") / window_days
    per["monthly_cost"] = per["cost_usd"] * _t("days_per_month") / window_days
    per.attrs["window_days"] = window_days
    return per


def test_velocity_matches_pandas(analysis_warehouse, customers) -> None:
    mart = analysis_warehouse.table("marts.rpt_churn_growth__velocity").set_index("customer_id")
    assert set(mart.index) == set(customers.index)
    for c in customers.index:
        row, want = mart.loc[c], customers.loc[c]
        assert row["calls_first_half"] == want["first_half"]
        assert row["calls_second_half"] == want["second_half"]
        assert row["trend"] == want["trend"]
        assert _close(row["growth_pct"], want["growth"])
        assert _close(row["inactive_days"], want["inactive_days"])


def test_churn_risk_scores(analysis_warehouse, customers) -> None:
    g, window_days = customers["growth"], customers.attrs["window_days"]
    score = (
        np.where(g < _t("churn_growth_steep_decline_pct"), _t("churn_growth_steep_decline_points"),
                 np.where(g < _t("churn_growth_decline_pct"), _t("churn_growth_decline_points"), 0))
        + np.where(customers["monthly_calls"] < _t("low_engagement_monthly_calls"),
                   _t("churn_growth_low_engagement_points"), 0)
        + np.where((customers["tier"] == "enterprise")
                   & (customers["monthly_calls"] < _t("enterprise_min_monthly_calls")),
                   _t("churn_growth_tier_oversubscribed_points"), 0)
        + np.where((customers["archetype"] == "light") & (g < 0),
                   _t("churn_growth_light_declining_points"), 0)
        + np.where(customers["inactive_days"] >= min(_t("churn_inactivity_days"), window_days / 2),
                   _t("churn_growth_no_recent_activity_points"), 0)
    )
    expected = pd.Series(score, index=customers.index)
    expected = expected[expected >= _t("risk_flag_score")]
    mart = analysis_warehouse.table("marts.rpt_churn_growth__churn_risk").set_index("customer_id")
    assert set(mart.index) == set(expected.index)
    assert all(_close(mart.loc[c, "score"], expected[c]) for c in expected.index)
    summary = analysis_warehouse.table("marts.rpt_churn_growth__summary").iloc[0]
    assert summary["at_risk"] == len(expected)
    assert summary["high_risk"] == int((expected >= _t("high_risk_score")).sum())
    assert _close(summary["monthly_revenue_at_risk_usd"], customers.loc[expected.index, "price"].sum())


def test_expansion_scores_and_revenue(analysis_warehouse, customers) -> None:
    tiers = {r["tier"]: r for r in read_seed("tiers")}
    c = customers[customers["tier"] != "enterprise"]
    g, starter, pro = c["growth"], c["tier"] == "starter", c["tier"] == "pro"
    score = (
        np.where(g > _t("churn_growth_strong_growth_pct"), _t("churn_growth_strong_growth_points"),
                 np.where(g > _t("churn_growth_moderate_growth_pct"),
                          _t("churn_growth_moderate_growth_points"), 0))
        + np.where(starter & (c["monthly_calls"] > _t("starter_power_monthly_calls")),
                   _t("churn_growth_starter_power_points"), 0)
        + np.where(pro & (c["monthly_calls"] > _t("pro_enterprise_monthly_calls")),
                   _t("churn_growth_pro_enterprise_points"), 0)
        + np.where((starter | pro) & (c["archetype"] == "heavy"), _t("churn_growth_heavy_low_tier_points"), 0)
    )
    expected = pd.Series(score, index=c.index)
    expected = expected[expected >= _t("churn_growth_expansion_flag_score")]
    mart = analysis_warehouse.table("marts.rpt_churn_growth__expansion").set_index("customer_id")
    assert set(mart.index) == set(expected.index)
    for cid in expected.index:
        tier = tiers[c.loc[cid, "tier"]]
        uplift = float(tiers[tier["next_tier"]]["monthly_price_usd"]) - float(tier["monthly_price_usd"])
        assert _close(mart.loc[cid, "score"], expected[cid])
        assert _close(mart.loc[cid, "expansion_revenue_usd"], uplift)


def test_engagement_scores(analysis_warehouse, customers) -> None:
    offered = len(read_seed("features"))
    score = (
        np.minimum(_t("churn_growth_engagement_calls_points"), customers["monthly_calls"]
                   / _t("churn_growth_engagement_calls_monthly") * _t("churn_growth_engagement_calls_points"))
        + np.minimum(_t("churn_growth_engagement_features_points"),
                     customers["features"] / offered * _t("churn_growth_engagement_features_points"))
        + np.minimum(_t("churn_growth_engagement_cost_points"),
                     customers["monthly_cost"] / _t("churn_growth_engagement_cost_monthly_usd")
                     * _t("churn_growth_engagement_cost_points"))
    )
    mart = analysis_warehouse.table("marts.rpt_churn_growth__engagement").set_index("customer_id")
    assert len(mart) == len(customers)
    assert all(_close(mart.loc[c, "score"], score[c]) for c in customers.index)


def test_weekly_growth_and_retention(analysis_warehouse, calls) -> None:
    weekly = calls.groupby("iso_week").agg(calls=("call_id", "size"), active=("customer_id", "nunique"))
    mart = analysis_warehouse.table("marts.rpt_churn_growth__weekly_growth")
    mart["iso_week"] = pd.to_datetime(mart["iso_week"])
    mart = mart.set_index("iso_week")
    weekly.index = pd.to_datetime(weekly.index)
    assert set(weekly.index) <= set(mart.index)
    assert (mart.loc[weekly.index, "calls"] == weekly["calls"]).all()
    assert (mart.loc[weekly.index, "active_customers"] == weekly["active"]).all()
    assert mart["calls"].sum() == len(calls)

    first = calls.groupby("customer_id")["iso_week"].min().rename("cohort")
    joined = calls[["customer_id", "iso_week"]].join(first, on="customer_id")
    active = joined.groupby(["cohort", "iso_week"])["customer_id"].nunique()
    size = first.value_counts()
    retention = analysis_warehouse.table("marts.rpt_churn_growth__cohort_retention")
    for (cohort, week), n in active.items():
        row = retention[(pd.to_datetime(retention["cohort_week"]) == pd.Timestamp(cohort))
                        & (pd.to_datetime(retention["activity_week"]) == pd.Timestamp(week))]
        assert len(row) == 1
        assert _close(row["retention_pct"].iloc[0], 100 * n / size[cohort])


def test_summary_counts(analysis_warehouse, customers) -> None:
    summary = analysis_warehouse.table("marts.rpt_churn_growth__summary").iloc[0]
    trends = customers["trend"].value_counts()
    assert summary["customers"] == len(customers)
    assert (summary["growing"], summary["stable"], summary["declining"], summary["new"]) == tuple(
        int(trends.get(t, 0)) for t in ("growing", "stable", "declining", "new"))
    assert _close(summary["avg_features_per_customer"], customers["features"].mean())
    assert summary["single_feature_customers"] == int((customers["features"] == 1).sum())
