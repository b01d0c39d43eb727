"""Oracle for §6.4 optimization: reserved baselines, switch savings, volume tiers and arbitrage in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analyses.oracle import assert_close, assert_frames_close

DAYS_PER_MONTH, QUANTILE, DISCOUNT_PCT, MIN_COMMIT, MIN_RANKED = 30.44, 0.25, 30.0, 100.0, 30


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.query(
        'select "timestamp", call_date, provider, model, capability_class, status, cost_usd, total_tokens, '
        "uncached_input_tokens, cache_read_tokens, cache_creation_tokens, output_tokens from marts.fct_calls"
    )


@pytest.fixture(scope="module")
def window_days(calls) -> float:
    seconds = (calls["timestamp"].max() - calls["timestamp"].min()).total_seconds()
    return max(seconds, 3600.0) / 86400.0


def _fit_dates(calls: pd.DataFrame) -> pd.DatetimeIndex:
    start, end = (
        calls["timestamp"].min().tz_convert("UTC").tz_localize(None),
        calls["timestamp"].max().tz_convert("UTC").tz_localize(None),
    )
    spine = pd.date_range(start.floor("D"), end.floor("D"), freq="D")
    complete = spine[(start < spine + pd.Timedelta(hours=1)) & (end >= spine + pd.Timedelta(hours=23))]
    return complete if len(complete) >= 3 else spine


def test_reserved_capacity(analysis_warehouse, calls) -> None:
    dates = _fit_dates(calls)
    daily = (
        calls.assign(day=pd.to_datetime(calls["call_date"]))
        .groupby(["provider", "model", "day"])["cost_usd"]
        .sum()
    )
    rows = []
    for (provider, model), _ in calls.groupby(["provider", "model"]):
        series = daily.loc[(provider, model)].reindex(dates, fill_value=0.0)
        baseline = float(np.quantile(series.to_numpy(), QUANTILE))
        committed = baseline * DAYS_PER_MONTH
        rows.append(
            {
                "provider": provider,
                "model": model,
                "baseline_daily_usd": baseline,
                "committed_monthly_usd": committed,
                "monthly_savings_usd": committed * DISCOUNT_PCT / 100,
                "is_candidate": bool(committed >= MIN_COMMIT),
            }
        )
    mart = analysis_warehouse.table("marts.rpt_optimization__reserved_capacity")
    assert_frames_close(
        mart,
        pd.DataFrame(rows),
        ["provider", "model"],
        ["baseline_daily_usd", "committed_monthly_usd", "monthly_savings_usd", "is_candidate"],
        "reserved_capacity",
    )


def test_model_switching(analysis_warehouse, calls, window_days) -> None:
    targets = analysis_warehouse.query(
        "select provider, model, like_for_like_model, like_for_like_price_version_id "
        "from intermediate.int_model_targets where like_for_like_model is not null"
    )
    prices = analysis_warehouse.query("select * from reference.price_book").set_index("price_version_id")
    success = calls[calls["status"] == "success"].merge(targets, on=["provider", "model"])
    row = prices.loc[success["like_for_like_price_version_id"]].reset_index(drop=True)
    success = success.reset_index(drop=True)
    success["repriced"] = (
        success["uncached_input_tokens"] * row["input_usd_per_mtok"]
        + success["cache_read_tokens"] * row["cached_input_usd_per_mtok"]
        + success["cache_creation_tokens"] * row["cache_write_usd_per_mtok"]
        + success["output_tokens"] * row["output_usd_per_mtok"]
    ) / 1e6
    oracle = (
        success.groupby(["provider", "model"])
        .agg(cost_usd=("cost_usd", "sum"), repriced_cost_usd=("repriced", "sum"), calls=("cost_usd", "size"))
        .reset_index()
    )
    oracle["savings_usd"] = oracle["cost_usd"] - oracle["repriced_cost_usd"]
    oracle = oracle[oracle["savings_usd"] > 0].copy()
    oracle["monthly_savings_usd"] = oracle["savings_usd"] * DAYS_PER_MONTH / window_days
    mart = analysis_warehouse.table("marts.rpt_optimization__model_switching")
    assert_frames_close(
        mart,
        oracle,
        ["provider", "model"],
        ["calls", "cost_usd", "repriced_cost_usd", "savings_usd", "monthly_savings_usd"],
        "model_switching",
    )


def test_volume_discounts_and_summary(analysis_warehouse, calls, window_days) -> None:
    tiers = analysis_warehouse.query("select * from reference.volume_tiers order by min_monthly_spend_usd")
    spend = calls.groupby("provider")["cost_usd"].sum() * DAYS_PER_MONTH / window_days
    rows = []
    for provider, monthly in spend.items():
        reached = tiers[tiers["min_monthly_spend_usd"] <= monthly]
        discount = float(reached["discount_pct"].iloc[-1]) if len(reached) else 0.0
        rows.append(
            {
                "provider": provider,
                "monthly_spend_usd": monthly,
                "discount_pct": discount,
                "monthly_savings_usd": monthly * discount / 100,
            }
        )
    oracle = pd.DataFrame(rows)
    mart = analysis_warehouse.table("marts.rpt_optimization__volume_discounts")
    assert_frames_close(
        mart,
        oracle,
        ["provider"],
        ["monthly_spend_usd", "discount_pct", "monthly_savings_usd"],
        "volume_discounts",
    )

    summary = analysis_warehouse.table("marts.rpt_optimization__summary").iloc[0]
    reserved = analysis_warehouse.table("marts.rpt_optimization__reserved_capacity")
    switching = analysis_warehouse.table("marts.rpt_optimization__model_switching")
    total = (
        reserved.loc[reserved["is_candidate"], "monthly_savings_usd"].sum()
        + switching["monthly_savings_usd"].sum()
        + oracle["monthly_savings_usd"].sum()
    )
    assert_close(summary["total_potential_monthly_usd"], total, "total_potential_monthly_usd")
    monthly_spend = calls["cost_usd"].sum() * DAYS_PER_MONTH / window_days
    assert_close(summary["potential_pct_of_spend"], 100 * total / monthly_spend, "potential_pct_of_spend")


def test_provider_arbitrage(analysis_warehouse, calls) -> None:
    oracle = (
        calls.groupby(["capability_class", "provider"])
        .agg(calls=("cost_usd", "size"), cost_usd=("cost_usd", "sum"), tokens=("total_tokens", "sum"))
        .reset_index()
    )
    oracle["cost_per_1k_tokens"] = 1000 * oracle["cost_usd"] / oracle["tokens"].replace(0, np.nan)
    oracle["class_spend_share_pct"] = (
        100 * oracle["cost_usd"] / oracle.groupby("capability_class")["cost_usd"].transform("sum")
    )
    ranked = oracle[oracle["calls"] >= MIN_RANKED].sort_values(
        ["capability_class", "cost_per_1k_tokens", "provider"]
    )
    oracle["rank_in_class"] = ranked.groupby("capability_class").cumcount().add(1).reindex(oracle.index)
    mart = analysis_warehouse.table("marts.rpt_optimization__provider_arbitrage")
    assert_frames_close(
        mart,
        oracle,
        ["capability_class", "provider"],
        ["calls", "cost_usd", "cost_per_1k_tokens", "class_spend_share_pct", "rank_in_class"],
        "provider_arbitrage",
    )


def test_triggers_match_the_marts(analysis_warehouse) -> None:
    recs = analysis_warehouse.query(
        "select rec_code, impact_usd from intermediate.int_recommendations__optimization"
    )
    summary = analysis_warehouse.table("marts.rpt_optimization__summary").iloc[0]
    assert ("total_potential" in set(recs["rec_code"])) == bool(summary["total_potential_monthly_usd"] > 0)
    assert ("model_switch" in set(recs["rec_code"])) == bool(summary["switching_monthly_savings_usd"] > 50)
    reserved = analysis_warehouse.table("marts.rpt_optimization__reserved_capacity")
    assert ("reserved_capacity" in set(recs["rec_code"])) == bool(reserved["is_candidate"].any())
    if reserved["is_candidate"].any():
        impact = recs.loc[recs["rec_code"] == "reserved_capacity", "impact_usd"].iloc[0]
        assert_close(
            impact, reserved.loc[reserved["is_candidate"], "monthly_savings_usd"].sum(), "reserved impact"
        )
