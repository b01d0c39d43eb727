"""Oracle for §6.3 realtime: anomalies, trailing hourly baselines, consumption and HHI in pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.analyses.oracle import assert_close, assert_frames_close

SIGMA, MIN_POINTS, BASELINE_HOURS, DAYS_PER_MONTH = 3.0, 10, 168, 30.44


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.query(
        'select call_id, "timestamp", call_hour, customer_id, provider, model, status, cost_usd '
        "from marts.fct_calls"
    )


def test_call_anomalies(analysis_warehouse, calls) -> None:
    success = calls[calls["status"] == "success"].copy()
    stats = success.groupby(["provider", "model"])["cost_usd"].agg(
        n="size", mean="mean", std=lambda s: s.std(ddof=0)
    )
    success = success.join(stats, on=["provider", "model"])
    flagged = success[
        (success["n"] >= MIN_POINTS)
        & (success["std"] > 0)
        & (success["cost_usd"] > success["mean"] + SIGMA * success["std"])
    ].copy()
    flagged["z"] = (flagged["cost_usd"] - flagged["mean"]) / flagged["std"]
    mart = analysis_warehouse.table("marts.rpt_realtime__call_anomalies")
    assert sorted(mart["call_id"]) == sorted(flagged["call_id"])
    assert_frames_close(
        mart,
        flagged.rename(columns={"mean": "model_mean_cost_usd"}),
        ["call_id"],
        ["cost_usd", "model_mean_cost_usd", "z"],
        "call_anomalies",
    )
    summary = analysis_warehouse.table("marts.rpt_realtime__summary").iloc[0]
    assert summary["anomalous_calls"] == len(flagged)
    assert_close(
        summary["anomaly_waste_usd"], (flagged["cost_usd"] - flagged["mean"]).sum(), "anomaly_waste_usd"
    )


def test_hourly_trailing_baseline(analysis_warehouse, calls) -> None:
    hours = pd.date_range(calls["call_hour"].min(), calls["call_hour"].max(), freq="h")
    grouped = calls.groupby("call_hour").agg(cost=("cost_usd", "sum"), n=("cost_usd", "size"))
    cost = grouped["cost"].reindex(hours, fill_value=0.0).to_numpy()
    volume = grouped["n"].reindex(hours, fill_value=0).to_numpy(dtype=float)
    rows = []
    for i, hour in enumerate(hours):
        lo = max(0, i - BASELINE_HOURS)
        base_cost, base_volume = cost[lo:i], volume[lo:i]
        row = {"cost_hour": hour, "baseline_hours": i - lo, "cost_usd": cost[i]}
        for name, base, value in (("cost", base_cost, cost[i]), ("volume", base_volume, volume[i])):
            mean = base.mean() if len(base) else np.nan
            std = base.std() if len(base) else np.nan
            row[f"is_{name}_anomaly"] = bool(
                len(base) >= MIN_POINTS and std > 0 and value > mean + SIGMA * std
            )
            row["baseline_mean" if name == "cost" else "volume_baseline_mean"] = mean
        rows.append(row)
    oracle = pd.DataFrame(rows)
    mart = analysis_warehouse.table("marts.rpt_realtime__hourly")
    mart["cost_hour"] = pd.to_datetime(mart["cost_hour"])
    oracle["cost_hour"] = pd.to_datetime(oracle["cost_hour"]).dt.tz_localize(None)
    assert_frames_close(
        mart,
        oracle,
        ["cost_hour"],
        [
            "baseline_hours",
            "cost_usd",
            "baseline_mean",
            "volume_baseline_mean",
            "is_cost_anomaly",
            "is_volume_anomaly",
        ],
        "hourly",
    )


def test_consumption_and_portfolio(analysis_warehouse, calls) -> None:
    customers = analysis_warehouse.query(
        "select customer_id, tier_price_usd from marts.dim_customers"
    ).set_index("customer_id")
    seconds = (calls["timestamp"].max() - calls["timestamp"].min()).total_seconds()
    window_days = max(seconds, 3600.0) / 86400.0
    cost = calls.groupby("customer_id")["cost_usd"].sum()
    price = customers["tier_price_usd"].reindex(cost.index)
    revenue = price * window_days / DAYS_PER_MONTH
    consumption = 100 * cost / revenue.where(revenue != 0)
    level = np.select(
        [consumption.isna(), consumption >= 100, consumption >= 80, consumption >= 50],
        ["no_price", "critical", "high", "medium"],
        default="low",
    )
    oracle = pd.DataFrame(
        {"customer_id": cost.index, "consumption_pct": consumption.to_numpy(), "level": level}
    )
    mart = analysis_warehouse.table("marts.rpt_realtime__customer_consumption")
    assert_frames_close(mart, oracle, ["customer_id"], ["consumption_pct", "level"], "customer_consumption")

    portfolio = analysis_warehouse.table("marts.rpt_realtime__portfolio_risk").iloc[0]
    assert portfolio["critical"] == int((level == "critical").sum())
    assert_close(portfolio["health_score"], 100 * (level == "low").sum() / len(level), "health_score")
    at_risk_price = price[np.isin(level, ["critical", "high"])].sum()
    assert_close(portfolio["monthly_revenue_at_risk_usd"], at_risk_price, "monthly_revenue_at_risk_usd")
    shares = 100 * calls.groupby("provider")["cost_usd"].sum() / calls["cost_usd"].sum()
    assert_close(portfolio["provider_hhi"], (shares**2).sum(), "provider_hhi")


def test_triggers_match_the_recomputed_figures(analysis_warehouse, calls) -> None:
    recs = set(
        analysis_warehouse.query("select rec_code from intermediate.int_recommendations__realtime")[
            "rec_code"
        ]
    )
    anomalies = len(analysis_warehouse.table("marts.rpt_realtime__call_anomalies"))
    assert ("call_anomalies" in recs) == (anomalies > 10)
    error_pct = 100 * (calls["status"] != "success").mean()
    assert ("error_rate" in recs) == bool(error_pct > 10)
    shares = 100 * calls.groupby("provider")["cost_usd"].sum() / calls["cost_usd"].sum()
    assert ("provider_concentration_risk" in recs) == bool((shares**2).sum() >= 5000)
