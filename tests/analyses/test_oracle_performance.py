"""Oracle for §6.2 performance: latency, SLA and efficiency figures recomputed in pandas."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.analyses.oracle import assert_close, assert_frames_close, percentile

SLA_MS, SLOW_MS, MIN_RANKED = 2000.0, 5000.0, 30


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    frame = analysis_warehouse.query(
        "select call_id, provider, model, feature_id, status, latency_ms, ttft_ms, tokens_per_second, "
        "cost_usd, total_tokens from marts.fct_calls"
    )
    frame["measured"] = (frame["status"] == "success") & frame["latency_ms"].notna()
    return frame


def test_summary(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_performance__summary").iloc[0]
    measured = calls[calls["measured"]]
    latency = measured["latency_ms"]
    assert summary["calls_measured"] == len(measured)
    for name, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        assert_close(summary[f"{name}_latency_ms"], percentile(latency, p), f"{name}_latency_ms")
    assert_close(summary["avg_latency_ms"], latency.mean(), "avg_latency_ms")
    assert_close(
        summary["avg_tokens_per_second"], measured["tokens_per_second"].mean(), "avg_tokens_per_second"
    )
    assert_close(summary["p95_ttft_ms"], percentile(measured["ttft_ms"], 0.95), "p95_ttft_ms")
    assert summary["sla_compliant_calls"] == int((latency <= SLA_MS).sum())
    assert_close(summary["sla_compliance_pct"], 100 * (latency <= SLA_MS).mean(), "sla_compliance_pct")
    assert summary["slow_calls"] == int((latency >= SLOW_MS).sum())
    assert_close(summary["slow_call_pct"], 100 * (latency >= SLOW_MS).mean(), "slow_call_pct")
    assert_close(summary["error_rate"], (calls["status"] != "success").mean(), "error_rate")


def _by_model(calls: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (provider, model), group in calls.groupby(["provider", "model"]):
        measured = group[group["measured"]]
        success = group[group["status"] == "success"]
        tokens = success["total_tokens"].sum()
        per_1k = 1000 * success["cost_usd"].sum() / tokens if tokens else np.nan
        tps = measured["tokens_per_second"].mean()
        rows.append(
            {
                "provider": provider,
                "model": model,
                "calls_measured": len(measured),
                "avg_latency_ms": measured["latency_ms"].mean(),
                "p95_latency_ms": percentile(measured["latency_ms"], 0.95),
                "cost_per_1k_tokens": per_1k,
                "efficiency_score": tps / per_1k if per_1k else np.nan,
                "sla_compliance_pct": 100 * (measured["latency_ms"] <= SLA_MS).mean()
                if len(measured)
                else np.nan,
                "error_rate": (group["status"] != "success").mean(),
            }
        )
    return pd.DataFrame(rows)


def test_by_model_and_ranks(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_performance__by_model")
    oracle = _by_model(calls)
    columns = [
        "calls_measured",
        "avg_latency_ms",
        "p95_latency_ms",
        "cost_per_1k_tokens",
        "efficiency_score",
        "sla_compliance_pct",
        "error_rate",
    ]
    assert_frames_close(mart, oracle, ["provider", "model"], columns, "by_model")
    ranked = oracle[oracle["calls_measured"] >= MIN_RANKED].dropna(subset=["efficiency_score"])
    best = ranked.sort_values(["efficiency_score", "provider", "model"], ascending=[False, True, True]).iloc[
        0
    ]
    top = mart[mart["rank_efficiency"] == 1].iloc[0]
    assert (top["provider"], top["model"]) == (best["provider"], best["model"])
    assert mart["is_ranked"].sum() == (oracle["calls_measured"] >= MIN_RANKED).sum()


def test_latency_buckets(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_performance__latency_buckets").sort_values("bucket_number")
    latency = calls.loc[calls["measured"], "latency_ms"]
    edges = [0, 500, 1000, 2000, 5000, np.inf]
    expected = [int(((latency >= lo) & (latency < hi)).sum()) for lo, hi in itertools.pairwise(edges)]
    assert mart["calls"].tolist() == expected
    assert sum(expected) == len(latency)


def test_task_picks_fastest(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_performance__task_picks")
    measured = calls[calls["measured"]]
    groups = (
        measured.groupby(["feature_id", "provider", "model"])["latency_ms"]
        .agg(["size", "mean"])
        .reset_index()
    )
    eligible = groups[groups["size"] >= MIN_RANKED].sort_values(["feature_id", "mean", "provider", "model"])
    fastest = eligible.groupby("feature_id").head(1)
    picks = mart[mart["pick"] == "fastest"].rename(columns={"value": "mean"})
    assert_frames_close(picks, fastest, ["feature_id"], ["provider", "model", "mean"], "fastest pick")


def test_triggers_match_the_recomputed_figures(analysis_warehouse, calls) -> None:
    recs = set(
        analysis_warehouse.query("select rec_code from intermediate.int_recommendations__performance")[
            "rec_code"
        ]
    )
    latency = calls.loc[calls["measured"], "latency_ms"]
    assert ("sla_below_target" in recs) == bool(100 * (latency <= SLA_MS).mean() < 95)
    assert ("slow_calls" in recs) == bool(100 * (latency >= SLOW_MS).mean() > 5)
