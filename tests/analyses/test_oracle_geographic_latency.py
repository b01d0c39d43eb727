"""Oracle for geographic_latency (§6.11): headline figures recomputed in pandas from fct_calls.

The marts are SQL; this recomputation is independent (pandas group-bys, numpy's linear percentile,
the thresholds read from the seed through include.reference), so a wrong join, filter or formula
in either shows up as a mismatch at relative tolerance 1e-9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import threshold as _t
from tests.analyses.oracle import assert_frames_close
from tests.analyses.oracle import close as _close


def _assert_frame_close(mart: pd.DataFrame, oracle: pd.DataFrame, keys: list[str], what: str) -> None:
    assert_frames_close(mart, oracle, keys, [c for c in oracle.columns if c not in keys], what)


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def latency_calls(calls: pd.DataFrame) -> pd.DataFrame:
    return calls[calls["is_success"] & calls["latency_ms"].notna()]


def _region_oracle(calls: pd.DataFrame, latency_calls: pd.DataFrame) -> pd.DataFrame:
    totals = calls.groupby("region").agg(
        calls=("call_id", "size"), cost_usd=("cost_usd", "sum"), tokens=("total_tokens", "sum"),
        failed=("is_success", lambda s: (~s).sum()),
    )
    latency = latency_calls.groupby("region")["latency_ms"]
    out = pd.DataFrame({
        "calls": totals["calls"],
        "cost_usd": totals["cost_usd"],
        "cost_per_1k": 1000 * totals["cost_usd"] / totals["tokens"].replace(0, np.nan),
        "error_rate": totals["failed"] / totals["calls"],
        "avg_latency_ms": latency.mean(),
        "p50_latency_ms": latency.quantile(0.5),
        "p95_latency_ms": latency.quantile(0.95),
        "p99_latency_ms": latency.quantile(0.99),
        "latency_std_ms": latency.std(ddof=0),
        "avg_ttft_ms": latency_calls.groupby("region")["ttft_ms"].mean(),
    })
    out["call_pct"] = 100 * out["calls"] / out["calls"].sum()
    return out.reset_index()


def test_by_region_matches_pandas(analysis_warehouse, calls, latency_calls) -> None:
    oracle = _region_oracle(calls, latency_calls)
    mart = analysis_warehouse.table("marts.rpt_geographic_latency__by_region")[list(oracle.columns)]
    assert len(oracle) >= 2
    _assert_frame_close(mart, oracle, ["region"], "by_region")


def test_summary_balance_and_average(analysis_warehouse, calls, latency_calls) -> None:
    per_region = calls.groupby("region").size().reset_index(name="n")
    most = per_region.sort_values(["n", "region"], ascending=[False, True]).iloc[0]
    least = per_region.sort_values(["n", "region"], ascending=[True, True]).iloc[0]
    summary = analysis_warehouse.table("marts.rpt_geographic_latency__summary").iloc[0]
    assert summary["regions"] == len(per_region)
    assert summary["calls"] == len(calls)
    assert (summary["most_used_region"], summary["least_used_region"]) == (most["region"], least["region"])
    assert _close(summary["balance_score"], 100 * least["n"] / most["n"])
    assert _close(summary["avg_latency_ms"], latency_calls["latency_ms"].mean())


def test_heatmap_cells_and_routing(analysis_warehouse, latency_calls) -> None:
    cells = (latency_calls.groupby(["region", "provider", "model"])["latency_ms"]
             .agg(calls="size", avg_latency_ms="mean", p95_latency_ms=lambda s: s.quantile(0.95),
                  latency_sum_ms="sum")
             .reset_index())
    cells = cells[cells["calls"] >= _t("heatmap_min_calls")]
    mart = analysis_warehouse.table("marts.rpt_geographic_latency__latency_heatmap")
    assert len(cells) >= 10
    _assert_frame_close(mart[["region", "provider", "model", "calls", "avg_latency_ms", "p95_latency_ms"]],
                        cells.drop(columns="latency_sum_ms"), ["region", "provider", "model"], "heatmap")

    routing = []
    for (provider, model), group in cells.groupby(["provider", "model"]):
        if len(group) < 2:
            continue
        fastest = group.sort_values(["avg_latency_ms", "region"]).iloc[0]
        weighted = group["latency_sum_ms"].sum() / group["calls"].sum()
        routing.append({"provider": provider, "model": model, "fastest_region": fastest["region"],
                        "gain_pct": 100 * (weighted - fastest["avg_latency_ms"]) / weighted})
    oracle = pd.DataFrame(routing)
    mart = analysis_warehouse.table("marts.rpt_geographic_latency__routing")
    assert len(oracle) >= 1
    assert (mart.sort_values(["provider", "model"])["fastest_region"].tolist()
            == oracle.sort_values(["provider", "model"])["fastest_region"].tolist())
    _assert_frame_close(mart[["provider", "model", "gain_pct"]], oracle.drop(columns="fastest_region"),
                        ["provider", "model"], "routing")


def test_regional_cost_variance(analysis_warehouse, calls) -> None:
    per = (calls.groupby(["provider", "model", "region"])
           .agg(n=("call_id", "size"), cost=("cost_usd", "sum"), tokens=("total_tokens", "sum"))
           .reset_index())
    per = per[(per["n"] >= _t("cost_variance_min_calls")) & (per["tokens"] > 0)]
    per["per_1k"] = 1000 * per["cost"] / per["tokens"]
    rows = []
    for (provider, model), group in per.groupby(["provider", "model"]):
        if len(group) >= 2:
            low, high = group["per_1k"].min(), group["per_1k"].max()
            rows.append({"provider": provider, "model": model, "variance_pct": 100 * (high - low) / low})
    oracle = pd.DataFrame(rows)
    mart = analysis_warehouse.table("marts.rpt_geographic_latency__regional_cost_variance")
    assert len(oracle) >= 1
    _assert_frame_close(mart[["provider", "model", "variance_pct"]], oracle, ["provider", "model"],
                        "regional_cost_variance")


def test_regional_profitability_splits_revenue_by_call_share(analysis_warehouse, calls) -> None:
    window = analysis_warehouse.table("intermediate.int_analysis_window").iloc[0]
    customers = analysis_warehouse.table("marts.dim_customers").set_index("customer_id")
    per = (calls.groupby(["customer_id", "region"])
           .agg(n=("call_id", "size"), cost=("cost_usd", "sum")).reset_index())
    per["customer_calls"] = per.groupby("customer_id")["n"].transform("sum")
    price = customers.loc[per["customer_id"], "tier_price_usd"].to_numpy()
    per["revenue"] = price * window["window_days"] / _t("days_per_month") * per["n"] / per["customer_calls"]
    oracle = per.groupby("region").agg(revenue_usd=("revenue", "sum"), cost_usd=("cost", "sum")).reset_index()
    oracle["margin_pct"] = 100 * (oracle["revenue_usd"] - oracle["cost_usd"]) / oracle["revenue_usd"]
    mart = analysis_warehouse.table("marts.rpt_geographic_latency__regional_profitability")
    _assert_frame_close(mart[list(oracle.columns)], oracle, ["region"], "regional_profitability")


def test_issues_and_sla_recommendation(analysis_warehouse, calls, latency_calls) -> None:
    oracle = _region_oracle(calls, latency_calls)
    expected = {(r.region, "high_p99") for r in oracle.itertuples() if r.p99_latency_ms > _t("region_p99_ms")}
    expected |= {(r.region, "high_variance") for r in oracle.itertuples()
                 if r.latency_std_ms > _t("latency_cv_max") * r.avg_latency_ms}
    issues = analysis_warehouse.table("marts.rpt_geographic_latency__issues")
    assert set(zip(issues["region"], issues["issue"], strict=True)) == expected

    recs = analysis_warehouse.query(
        "select * from marts.rpt_recommendations where analysis = 'geographic_latency'")
    above_sla = oracle[oracle["p95_latency_ms"] > _t("sla_latency_ms")]["region"].tolist()
    sla = recs[recs["rec_code"] == "region_p95_above_sla"]
    if above_sla:
        assert len(sla) == 1 and sla["metric_value"].iloc[0] == len(above_sla)
        assert all(region in sla["message"].iloc[0] for region in above_sla)
    else:
        assert sla.empty
    assert (not issues.empty) == (recs["rec_code"] == "region_issues").any()
