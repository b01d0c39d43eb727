"""Oracle for §6.8 features: cost, adoption, attributed revenue, quadrants and bundles in pandas."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from include.reference import threshold
from tests.analyses.customer_window import customer_window
from tests.analyses.oracle import assert_close, assert_frames_close, percentile


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def by_feature(calls) -> pd.DataFrame:
    """Per-feature figures; revenue attributed by each customer's share of calls."""
    customers = customer_window(calls).set_index("customer_id")
    pairs = calls.groupby(["customer_id", "feature_id"]).size().rename("pair_calls").reset_index()
    pairs["attributed"] = (
        pairs["customer_id"].map(customers["revenue_usd"])
        * pairs["pair_calls"]
        / pairs["customer_id"].map(customers["calls"])
    )
    frame = calls.groupby("feature_id").agg(
        calls=("call_id", "size"),
        cost_usd=("cost_usd", "sum"),
        customers=("customer_id", "nunique"),
        failed=("is_success", lambda s: int((~s.astype(bool)).sum())),
    )
    frame["attributed_revenue_usd"] = pairs.groupby("feature_id")["attributed"].sum(min_count=1)
    frame = frame.reset_index()
    frame["adoption_pct"] = 100 * frame["customers"] / len(customers)
    frame["cost_per_call"] = frame["cost_usd"] / frame["calls"]
    frame["cost_share_pct"] = 100 * frame["cost_usd"] / frame["cost_usd"].sum()
    frame["error_rate"] = frame["failed"] / frame["calls"]
    frame["roi_pct"] = (
        100 * (frame["attributed_revenue_usd"] - frame["cost_usd"]) / frame["cost_usd"].replace(0, np.nan)
    )
    frame["has_enough_data"] = frame["calls"] >= threshold("min_feature_calls")
    return frame


def test_summary(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_features__summary").iloc[0]
    assert summary["calls"] == len(calls)
    assert summary["features"] == calls["feature_id"].nunique()
    assert summary["customers"] == calls["customer_id"].nunique()
    assert_close(summary["cost_usd"], calls["cost_usd"].sum(), "features summary cost")
    assert_close(
        summary["cost_per_feature"],
        calls["cost_usd"].sum() / calls["feature_id"].nunique(),
        "cost_per_feature",
    )


def test_by_feature(analysis_warehouse, by_feature) -> None:
    mart = analysis_warehouse.table("marts.rpt_features__by_feature")
    assert_frames_close(
        mart,
        by_feature,
        ["feature_id"],
        [
            "calls",
            "cost_usd",
            "customers",
            "adoption_pct",
            "cost_per_call",
            "cost_share_pct",
            "error_rate",
            "attributed_revenue_usd",
            "roi_pct",
            "has_enough_data",
        ],
        "features by_feature",
    )


def test_investment_matrix(analysis_warehouse, by_feature) -> None:
    mart = analysis_warehouse.table("marts.rpt_features__investment_matrix")
    judged = by_feature[by_feature["has_enough_data"]]
    median = percentile(judged["cost_usd"], 0.5)

    def quadrant(row: pd.Series) -> str:
        if not row["has_enough_data"]:
            return "insufficient_data"
        high_adoption = row["adoption_pct"] >= threshold("matrix_adoption_pct")
        high_cost = row["cost_usd"] >= median
        return {
            (True, True): "invest",
            (True, False): "maintain",
            (False, True): "optimize",
            (False, False): "sunset",
        }[(high_adoption, high_cost)]

    oracle = by_feature.assign(quadrant=by_feature.apply(quadrant, axis=1), median_cost_usd=median)
    assert_frames_close(
        mart, oracle, ["feature_id"], ["median_cost_usd", "quadrant"], "features investment_matrix"
    )


def test_bundles(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_features__bundles")
    customers = calls["customer_id"].nunique()
    features_of = calls.groupby("customer_id")["feature_id"].apply(lambda s: sorted(set(s)))
    counts: dict[tuple[str, str], int] = {}
    for features in features_of:
        for pair in combinations(features, 2):
            counts[pair] = counts.get(pair, 0) + 1
    oracle = pd.DataFrame(
        [{"feature_a": a, "feature_b": b, "customers_using_both": n} for (a, b), n in counts.items()]
    )
    oracle["share_pct"] = 100 * oracle["customers_using_both"] / customers
    oracle["is_candidate"] = oracle["share_pct"] >= threshold("bundle_min_share_pct")
    oracle = oracle.sort_values(
        ["customers_using_both", "feature_a", "feature_b"], ascending=[False, True, True]
    )
    oracle["rank"] = np.arange(1, len(oracle) + 1)
    assert_frames_close(
        mart,
        oracle,
        ["feature_a", "feature_b"],
        ["customers_using_both", "share_pct", "is_candidate", "rank"],
        "features bundles",
    )
