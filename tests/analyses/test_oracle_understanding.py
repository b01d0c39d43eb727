"""Oracle for §6.1 understanding: headline figures recomputed in pandas from fct_calls."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analyses.oracle import assert_close, assert_frames_close

MIN_CALLS_FOR_RANKING = 30


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


def test_summary_totals(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_understanding__summary").iloc[0]
    assert summary["calls"] == len(calls)
    assert summary["successful_calls"] == int((calls["status"] == "success").sum())
    assert summary["customers"] == calls["customer_id"].nunique()
    assert summary["models"] == calls[["provider", "model"]].drop_duplicates().shape[0]
    assert_close(summary["cost_usd"], calls["cost_usd"].sum(), "summary cost_usd")
    assert_close(summary["avg_cost_per_call"], calls["cost_usd"].mean(), "avg_cost_per_call")
    assert_close(
        summary["cost_per_1k_tokens"],
        1000 * calls["cost_usd"].sum() / calls["total_tokens"].sum(),
        "cost_per_1k_tokens",
    )
    seconds = (calls["timestamp"].max() - calls["timestamp"].min()).total_seconds()
    assert_close(summary["window_days"], max(seconds, 3600.0) / 86400.0, "window_days")
    assert summary["covered_days"] == calls["call_date"].nunique()


def test_by_provider_shares_and_ranks(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_understanding__by_provider")
    oracle = (
        calls.groupby("provider").agg(calls=("call_id", "size"), cost_usd=("cost_usd", "sum")).reset_index()
    )
    oracle["cost_share_pct"] = 100 * oracle["cost_usd"] / oracle["cost_usd"].sum()
    oracle["call_share_pct"] = 100 * oracle["calls"] / oracle["calls"].sum()
    oracle = oracle.sort_values(["cost_usd", "provider"], ascending=[False, True])
    oracle["rank"] = np.arange(1, len(oracle) + 1)
    assert_frames_close(
        mart,
        oracle,
        ["provider"],
        ["calls", "cost_usd", "cost_share_pct", "call_share_pct", "rank"],
        "by_provider",
    )


def test_by_model_cost_per_1k(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_understanding__by_model")
    oracle = (
        calls.groupby(["provider", "model"])
        .agg(calls=("call_id", "size"), cost_usd=("cost_usd", "sum"), total_tokens=("total_tokens", "sum"))
        .reset_index()
    )
    oracle["cost_per_1k_tokens"] = 1000 * oracle["cost_usd"] / oracle["total_tokens"].replace(0, np.nan)
    assert_frames_close(
        mart, oracle, ["provider", "model"], ["calls", "cost_usd", "cost_per_1k_tokens"], "by_model"
    )

    efficiency = analysis_warehouse.table("marts.rpt_understanding__efficiency").iloc[0]
    ranked = oracle[(oracle["calls"] >= MIN_CALLS_FOR_RANKING) & oracle["cost_per_1k_tokens"].notna()]
    cheapest = ranked.sort_values(["cost_per_1k_tokens", "provider", "model"]).iloc[0]
    dearest = ranked.sort_values(
        ["cost_per_1k_tokens", "provider", "model"], ascending=[False, True, True]
    ).iloc[0]
    assert (efficiency["cheapest_provider"], efficiency["cheapest_model"]) == (
        cheapest["provider"],
        cheapest["model"],
    )
    assert (efficiency["dearest_provider"], efficiency["dearest_model"]) == (
        dearest["provider"],
        dearest["model"],
    )
    assert_close(
        efficiency["spread_ratio"],
        dearest["cost_per_1k_tokens"] / cheapest["cost_per_1k_tokens"],
        "efficiency spread_ratio",
    )


def test_by_customer_top_spenders(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_understanding__by_customer")
    oracle = (
        calls.groupby("customer_id")
        .agg(calls=("call_id", "size"), cost_usd=("cost_usd", "sum"))
        .reset_index()
    )
    oracle["cost_share_pct"] = 100 * oracle["cost_usd"] / oracle["cost_usd"].sum()
    oracle = oracle.sort_values(["cost_usd", "customer_id"], ascending=[False, True])
    oracle["rank"] = np.arange(1, len(oracle) + 1)
    assert_frames_close(
        mart, oracle, ["customer_id"], ["calls", "cost_usd", "cost_share_pct", "rank"], "by_customer"
    )


def test_daily_cost_over_the_spine_and_trend(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_understanding__daily_cost")
    start, end = calls["timestamp"].min(), calls["timestamp"].max()
    spine = pd.date_range(start.floor("D").tz_localize(None), end.floor("D").tz_localize(None), freq="D")
    daily = calls.assign(day=pd.to_datetime(calls["call_date"])).groupby("day")["cost_usd"].sum()
    oracle = pd.DataFrame({"cost_date": spine, "cost_usd": daily.reindex(spine, fill_value=0.0).to_numpy()})
    oracle["cost_ma7_usd"] = oracle["cost_usd"].rolling(7, min_periods=1).mean()
    start_naive, end_naive = (
        start.tz_convert("UTC").tz_localize(None),
        end.tz_convert("UTC").tz_localize(None),
    )
    complete = (start_naive < spine + pd.Timedelta(hours=1)) & (end_naive >= spine + pd.Timedelta(hours=23))
    oracle["is_complete_day"] = complete
    mart = mart.assign(cost_date=pd.to_datetime(mart["cost_date"]))
    assert_frames_close(
        mart, oracle, ["cost_date"], ["cost_usd", "cost_ma7_usd", "is_complete_day"], "daily_cost"
    )

    fit = oracle[complete] if complete.sum() >= 3 else oracle
    x = (fit["cost_date"] - fit["cost_date"].iloc[0]).dt.days.to_numpy(dtype=float)
    y = fit["cost_usd"].to_numpy()
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    summary = analysis_warehouse.table("marts.rpt_understanding__forecast_summary").iloc[0]
    assert summary["fit_days"] == len(fit)
    assert_close(summary["slope_usd_per_day"], slope, "slope_usd_per_day")
    assert_close(summary["intercept_usd"], y.mean() - slope * x.mean(), "intercept_usd")
    assert_close(summary["trend_pct_per_day"], 100 * slope / y.mean(), "trend_pct_per_day")
