"""Oracle for §6.9 dataset_overview: the headline figures recomputed in pandas from raw.* and
fct_calls rows, compared with the marts at the §1.9 relative tolerance (1e-9).

raw.* is the loader's output, so the oracle also checks the dbt path from raw to fct_calls
(supersede rule, §3.6) and the load reconciliation (§3.8) independently of the SQL.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import threshold
from tests.analyses.oracle import assert_close, assert_frames_close, percentile, ratio

DIMENSIONS = {
    "provider": "provider",
    "model": "model_key",
    "feature": "feature_id",
    "subscription_tier": "subscription_tier",
    "archetype": "customer_archetype",
    "region": "region",
    "product": "product_id",
    "environment": "environment",
    "status": "status",
    "error_type": "error_type",
    "http_status": "http_status",
    "scenario": "scenario",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    frame = analysis_warehouse.table("marts.fct_calls")
    assert len(frame) > 0, "the oracle warehouse holds no calls: every check below would be vacuous"
    return frame


@pytest.fixture(scope="module")
def latencies(calls: pd.DataFrame) -> pd.Series:
    """§1.2: latency figures use successful calls with a latency."""
    return calls.loc[calls["status"] == "success", "latency_ms"].dropna()


def test_fct_calls_holds_the_latest_row_of_every_loaded_call_id(analysis_warehouse, calls) -> None:
    raw = analysis_warehouse.query("select call_id, batch_id, loaded_at, row_number from raw.calls")
    latest = (
        raw.sort_values(["call_id", "loaded_at", "batch_id", "row_number"])
        .groupby("call_id", as_index=False)
        .last()
    )
    merged = calls[["call_id", "batch_id"]].merge(latest, on="call_id", how="outer", suffixes=("", "_raw"))
    assert len(calls) == len(latest) == len(merged)
    assert (merged["batch_id"] == merged["batch_id_raw"]).all()


def test_summary(analysis_warehouse, calls, latencies) -> None:
    summary = analysis_warehouse.table("marts.rpt_dataset_overview__summary").iloc[0]
    success = calls["status"] == "success"
    assert summary["calls"] == len(calls)
    assert summary["successful_calls"] == int(success.sum())
    assert summary["failed_calls"] == int((~success).sum())
    assert summary["tokens"] == int(calls["total_tokens"].sum())
    assert_close(summary["cost_usd"], calls["cost_usd"].sum(), "cost_usd")
    assert_close(
        summary["avg_cost_per_call"], ratio(calls["cost_usd"].sum(), len(calls)), "avg_cost_per_call"
    )
    assert_close(
        summary["avg_tokens_per_call"], ratio(calls["total_tokens"].sum(), len(calls)), "avg_tokens_per_call"
    )
    assert_close(summary["success_rate"], ratio(success.sum(), len(calls)), "success_rate")
    assert summary["latency_calls"] == len(latencies)
    assert_close(summary["avg_latency_ms"], latencies.mean(), "avg_latency_ms")
    for p, column in ((0.5, "p50_latency_ms"), (0.95, "p95_latency_ms"), (0.99, "p99_latency_ms")):
        assert_close(summary[column], percentile(latencies, p), column)
    assert summary["p50_latency_ms"] <= summary["p95_latency_ms"] <= summary["p99_latency_ms"]
    start, end = calls["timestamp"].min(), calls["timestamp"].max()
    assert summary["window_start"] == start and summary["window_end"] == end
    seconds = (end - start).total_seconds()
    assert_close(summary["window_days"], max(seconds, 3600.0) / 86400.0, "window_days")
    assert_close(summary["window_hours"], max(seconds, 3600.0) / 3600.0, "window_hours")
    utc_dates = calls["timestamp"].dt.tz_convert("UTC").dt.date
    assert summary["covered_days"] == utc_dates.nunique()
    if seconds >= 86400:
        assert summary["description"] == f"{seconds / 86400:.1f} days"


def test_percentile_is_the_linear_interpolation_of_section_1_6(latencies) -> None:
    """The oracle's percentile helper is numpy's linear method; pin it to the §1.6 formula."""
    ordered = np.sort(latencies.to_numpy(dtype=float))
    rank = 1 + (len(ordered) - 1) * 0.95
    low, high = int(np.floor(rank)), int(np.ceil(rank))
    by_formula = ordered[low - 1] + (rank - low) * (ordered[high - 1] - ordered[low - 1])
    assert_close(percentile(latencies, 0.95), by_formula, "p95 by the §1.6 formula")


def test_distributions(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_dataset_overview__distributions")
    assert set(mart["dimension"]) == set(DIMENSIONS)
    success_latency = calls["latency_ms"].where(calls["status"] == "success")
    for dimension, column in DIMENSIONS.items():
        values = calls[column].astype("string")
        if dimension == "scenario":
            values = values.fillna("none")
        frame = calls.assign(value=values, success_latency=success_latency)
        if dimension == "error_type":
            frame = frame[frame["error_type"].notna()]
        oracle = (
            frame.groupby("value", dropna=False)
            .agg(
                calls=("call_id", "size"),
                cost_usd=("cost_usd", "sum"),
                total_tokens=("total_tokens", "sum"),
                avg_latency_ms=("success_latency", "mean"),
            )
            .reset_index()
        )
        oracle["call_pct"] = 100.0 * oracle["calls"] / oracle["calls"].sum()
        total_cost = oracle["cost_usd"].sum()
        oracle["cost_pct"] = [ratio(100.0 * c, total_cost) for c in oracle["cost_usd"]]
        oracle["tokens_per_call"] = oracle["total_tokens"] / oracle["calls"]
        oracle["cost_per_call"] = oracle["cost_usd"] / oracle["calls"]
        oracle = oracle.sort_values(["calls", "value"], ascending=[False, True])
        oracle["rank"] = np.arange(1, len(oracle) + 1)
        got = mart[mart["dimension"] == dimension].astype({"value": "string"})
        assert_frames_close(
            got,
            oracle,
            ["value"],
            [
                "calls",
                "call_pct",
                "cost_usd",
                "cost_pct",
                "total_tokens",
                "tokens_per_call",
                "cost_per_call",
                "avg_latency_ms",
                "rank",
            ],
            f"distributions[{dimension}]",
        )
        assert_close(got["call_pct"].sum(), 100.0, f"{dimension} call shares sum to 100")


def test_scale(analysis_warehouse, calls) -> None:
    scale = analysis_warehouse.table("marts.rpt_dataset_overview__scale").iloc[0]
    distinct = {
        "organizations": "organization_id",
        "customers": "customer_id",
        "products": "product_id",
        "features": "feature_id",
        "providers": "provider",
        "models": "model_key",
        "regions": "region",
        "environments": "environment",
        "users": "user_id",
        "sessions": "session_id",
        "workflows": "workflow_id",
        "api_keys": "api_key_hash",
        "clients": "client_id",
    }
    for figure, column in distinct.items():
        assert scale[figure] == calls[column].nunique(), figure


def test_temporal(analysis_warehouse, calls) -> None:
    temporal = analysis_warehouse.table("marts.rpt_dataset_overview__temporal").iloc[0]
    utc = calls["timestamp"].dt.tz_convert("UTC")
    hours = utc.dt.hour.value_counts()
    busiest_hour = min(hours.index[hours == hours.max()])
    assert (temporal["busiest_hour"], temporal["busiest_hour_calls"]) == (busiest_hour, hours.max())
    weekdays = (utc.dt.weekday + 1).value_counts()
    busiest_day = min(weekdays.index[weekdays == weekdays.max()])
    assert temporal["busiest_weekday_number"] == busiest_day
    assert temporal["busiest_weekday"] == WEEKDAYS[busiest_day - 1]
    assert temporal["busiest_weekday_calls"] == weekdays.max()
    per_day = len(calls) / utc.dt.date.nunique()
    assert_close(temporal["calls_per_covered_day"], per_day, "calls_per_covered_day")


def test_sources_and_quarantine_counts(analysis_warehouse, calls) -> None:
    batches = analysis_warehouse.query("select * from raw.batches")
    quarantine = analysis_warehouse.query("select reason from raw.quarantine")
    raw_calls = analysis_warehouse.query("select call_id from raw.calls")
    sources = analysis_warehouse.table("marts.rpt_dataset_overview__sources")
    assert_frames_close(
        sources,
        batches,
        ["source", "batch_id"],
        ["rows_read", "rows_accepted", "rows_quarantined", "bytes"],
        "sources",
    )
    checks = analysis_warehouse.table("marts.rpt_dataset_overview__quality").set_index("check_name")["value"]
    read, quarantined = batches["rows_read"].sum(), batches["rows_quarantined"].sum()
    assert checks["rows_read"] == read == batches["rows_accepted"].sum() + quarantined
    assert checks["rows_quarantined"] == quarantined == len(quarantine)
    assert_close(checks["quarantined_pct"], ratio(100.0 * quarantined, read), "quarantined_pct")
    by_reason = quarantine["reason"].value_counts()
    mart_reasons = {k.split(":", 1)[1]: v for k, v in checks.items() if k.startswith("quarantined:")}
    assert mart_reasons == {reason: float(n) for reason, n in by_reason.items()}
    assert checks["duplicate_rows"] == by_reason.get("duplicate_row", 0)
    superseded = len(raw_calls) - raw_calls["call_id"].nunique()
    assert checks["superseded_rows"] == superseded
    assert checks["superseded_ids"] == int((raw_calls["call_id"].value_counts() > 1).sum())
    assert checks["unpriced_calls"] == int((calls["price_status"] == "unpriced").sum())
    assert checks["unknown_organization_calls"] == int((calls["organization_id"] == "unknown").sum())
    assert checks["unknown_feature_calls"] == int((calls["feature_id"] == "unknown").sum())


def test_recommendations_fire_exactly_where_the_oracle_figures_cross_thresholds(
    analysis_warehouse, calls, latencies
) -> None:
    recs = analysis_warehouse.query(
        "select rec_code, entity_id, metric_value from marts.rpt_recommendations"
        " where analysis = 'dataset_overview'"
    )
    batches = analysis_warehouse.query("select rows_read, rows_quarantined from raw.batches")
    share = {c: 100.0 * calls[c].value_counts() / len(calls) for c in ("provider", "feature_id")}
    tiers = calls["subscription_tier"].value_counts()
    top_tier = min(tiers.index[tiers == tiers.max()])
    regions = 100.0 * calls["region"].value_counts() / len(calls)
    drift = analysis_warehouse.query(
        "select count(*) as n from marts.dim_customers where has_attribute_drift"
    )
    figures = {
        "provider_call_concentration": (share["provider"].max(), "provider_call_share_pct"),
        "feature_concentration": (share["feature_id"].max(), "feature_call_share_pct"),
        "region_imbalance": (regions.max() - regions.min(), "region_spread_pp"),
        "high_avg_cost": (calls["cost_usd"].mean(), "avg_cost_per_call_alert_usd"),
        "high_p99_latency": (percentile(latencies, 0.99), "p99_latency_alert_ms"),
        "quarantine_share": (
            ratio(100.0 * batches["rows_quarantined"].sum(), batches["rows_read"].sum()),
            "quarantine_alert_pct",
        ),
    }
    want = {code for code, (value, name) in figures.items() if value > threshold(name)}
    if top_tier == "starter":
        want.add("starter_heavy_mix")
    if drift["n"].iloc[0] >= threshold("dataset_overview_attribute_drift_min_customers"):
        want.add("attribute_drift")
    assert set(recs["rec_code"]) == want
    for code, value in recs.set_index("rec_code")["metric_value"].items():
        if code in figures:
            assert_close(value, figures[code][0], f"{code} metric_value")
