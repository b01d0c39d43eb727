"""Oracle for §6.5 alignment: organization, feature and chargeback figures recomputed in pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.analyses.oracle import assert_close, assert_frames_close

DAYS_PER_MONTH, MIN_RANKED = 30.44, 30


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.query(
        'select "timestamp", organization_id, product_id, feature_id, customer_id, cost_usd, total_tokens '
        "from marts.fct_calls"
    )


def test_summary(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_alignment__summary").iloc[0]
    assert summary["calls"] == len(calls)
    assert summary["organizations"] == calls["organization_id"].nunique()
    assert summary["features"] == calls["feature_id"].nunique()
    assert_close(summary["cost_usd"], calls["cost_usd"].sum(), "cost_usd")
    assert_close(
        summary["cost_per_org"], calls["cost_usd"].sum() / calls["organization_id"].nunique(), "cost_per_org"
    )


def test_by_organization_and_efficiency_gap(analysis_warehouse, calls) -> None:
    oracle = (
        calls.groupby("organization_id")
        .agg(
            cost_usd=("cost_usd", "sum"),
            calls=("cost_usd", "size"),
            tokens=("total_tokens", "sum"),
            customers=("customer_id", "nunique"),
        )
        .reset_index()
    )
    oracle["cost_per_call"] = oracle["cost_usd"] / oracle["calls"]
    oracle["cost_share_pct"] = 100 * oracle["cost_usd"] / oracle["cost_usd"].sum()
    oracle["call_share_pct"] = 100 * oracle["calls"] / oracle["calls"].sum()
    oracle["token_share_pct"] = 100 * oracle["tokens"] / oracle["tokens"].sum()
    mart = analysis_warehouse.table("marts.rpt_alignment__by_organization")
    columns = [
        "cost_usd",
        "calls",
        "customers",
        "cost_per_call",
        "cost_share_pct",
        "call_share_pct",
        "token_share_pct",
    ]
    assert_frames_close(mart, oracle, ["organization_id"], columns, "by_organization")

    ranked = oracle[oracle["calls"] >= MIN_RANKED].sort_values(["cost_per_call", "organization_id"])
    gap = analysis_warehouse.table("marts.rpt_alignment__efficiency_gap").iloc[0]
    assert gap["most_efficient_organization_id"] == ranked.iloc[0]["organization_id"]
    least = ranked.sort_values(["cost_per_call", "organization_id"], ascending=[False, True]).iloc[0]
    assert gap["least_efficient_organization_id"] == least["organization_id"]
    assert_close(gap["gap_ratio"], least["cost_per_call"] / ranked.iloc[0]["cost_per_call"], "gap_ratio")


def test_by_feature_adoption(analysis_warehouse, calls) -> None:
    seconds = (calls["timestamp"].max() - calls["timestamp"].min()).total_seconds()
    window_days = max(seconds, 3600.0) / 86400.0
    oracle = (
        calls.groupby("feature_id")
        .agg(cost_usd=("cost_usd", "sum"), customers=("customer_id", "nunique"))
        .reset_index()
    )
    oracle["adoption_pct"] = 100 * oracle["customers"] / calls["customer_id"].nunique()
    oracle["monthly_cost_usd"] = oracle["cost_usd"] * DAYS_PER_MONTH / window_days
    mart = analysis_warehouse.table("marts.rpt_alignment__by_feature")
    assert_frames_close(
        mart,
        oracle,
        ["feature_id"],
        ["cost_usd", "customers", "adoption_pct", "monthly_cost_usd"],
        "by_feature",
    )


def test_chargeback_totals(analysis_warehouse, calls) -> None:
    direct = calls.groupby("organization_id")["cost_usd"].sum()
    unknown = direct.get("unknown", 0.0)
    known = direct.drop("unknown", errors="ignore")
    oracle = pd.DataFrame({"organization_id": known.index, "direct_cost_usd": known.to_numpy()})
    oracle["chargeable_usd"] = oracle["direct_cost_usd"] + unknown * oracle["direct_cost_usd"] / known.sum()
    mart = analysis_warehouse.table("marts.rpt_alignment__chargeback_totals")
    assert_frames_close(
        mart, oracle, ["organization_id"], ["direct_cost_usd", "chargeable_usd"], "chargeback_totals"
    )
    assert_close(mart["chargeable_usd"].sum(), calls["cost_usd"].sum(), "Σ chargeable = total cost")


def test_triggers_match_the_recomputed_figures(analysis_warehouse, calls) -> None:
    recs = set(
        analysis_warehouse.query("select rec_code from intermediate.int_recommendations__alignment")[
            "rec_code"
        ]
    )
    shares = 100 * calls.groupby("organization_id")["cost_usd"].sum() / calls["cost_usd"].sum()
    assert ("org_concentration" in recs) == bool(shares.max() > 50)
    assert ("product_budgets" in recs) == (calls["product_id"].nunique() >= 2)
    untagged = (calls[["organization_id", "customer_id", "feature_id"]] == "unknown").any(axis=1)
    assert ("untagged_cost" in recs) == bool(
        100 * calls.loc[untagged, "cost_usd"].sum() / calls["cost_usd"].sum() > 5
    )
