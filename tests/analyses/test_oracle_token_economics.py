"""Oracle for §6.10 token_economics: token totals, ratios, efficiency, waste and downgrades in pandas.

Downshift targets are derived here from the price book seed (§4.4), not from int_model_targets, and
the re-priced cost uses the target's four bucket prices (§4.3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import current_models, threshold, thresholds
from tests.analyses.customer_window import monthly, window_days
from tests.analyses.oracle import assert_close, assert_frames_close, percentile

LOWER_CLASS = {"frontier": "balanced", "balanced": "fast"}


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    frame = analysis_warehouse.table("marts.fct_calls")
    frame["io_ratio"] = frame["input_tokens"] / frame["output_tokens"].replace(0, np.nan)
    return frame


def _ratios(groups: pd.DataFrame) -> pd.DataFrame:
    """Ratios of sums (§1.2) and the §6.10 efficiency score of aggregated groups."""
    groups["io_ratio"] = groups["input_tokens"] / groups["output_tokens"].replace(0, np.nan)
    groups["cost_per_1k"] = 1000 * groups["cost_usd"] / groups["total_tokens"].replace(0, np.nan)
    groups["efficiency_score"] = 0.7 * (100 - groups["cost_per_1k"] * 1000).clip(lower=0) + 0.3 * (
        100 - (groups["io_ratio"] - 1).abs() * 10
    ).clip(lower=0)
    groups["cost_per_call"] = groups["cost_usd"] / groups["calls"]
    groups["avg_input_tokens"] = groups["input_tokens"] / groups["calls"]
    groups["avg_output_tokens"] = groups["output_tokens"] / groups["calls"]
    return groups


def _grouped(calls: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    groups = (
        calls.groupby(keys)
        .agg(
            calls=("call_id", "size"),
            input_tokens=("input_tokens", "sum"),
            output_tokens=("output_tokens", "sum"),
            total_tokens=("total_tokens", "sum"),
            cache_read_tokens=("cache_read_tokens", "sum"),
            cost_usd=("cost_usd", "sum"),
            cache_savings_usd=("cache_savings_usd", "sum"),
        )
        .reset_index()
    )
    return _ratios(groups)


def test_summary(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_token_economics__summary").iloc[0]
    for column in [
        "input_tokens",
        "output_tokens",
        "total_tokens",
        "cache_read_tokens",
        "cache_creation_tokens",
        "uncached_input_tokens",
    ]:
        assert summary[column] == calls[column].sum(), column
    assert_close(summary["io_ratio"], calls["input_tokens"].sum() / calls["output_tokens"].sum(), "io_ratio")
    assert_close(summary["cost_usd"], calls["cost_usd"].sum(), "cost_usd")
    assert_close(
        summary["cost_per_1k"], 1000 * calls["cost_usd"].sum() / calls["total_tokens"].sum(), "cost_per_1k"
    )
    assert_close(summary["avg_input_tokens"], calls["input_tokens"].mean(), "avg_input_tokens")
    assert_close(
        summary["cache_hit_rate"],
        calls["cache_read_tokens"].sum() / calls["input_tokens"].sum(),
        "cache_hit_rate",
    )
    assert_close(summary["cache_savings_usd"], calls["cache_savings_usd"].sum(), "cache_savings_usd")


def test_cache_savings_follow_the_price_book(calls) -> None:
    """§4.3 per call: cache_read × (input − cached) − cache_creation × (write − input), per 1M tokens."""
    prices = pd.DataFrame([p.__dict__ for p in current_models()]).set_index("price_version_id")
    priced = calls[calls["price_version_id"].isin(prices.index)]
    assert len(priced) > 0
    row = prices.loc[priced["price_version_id"]].reset_index(drop=True)
    expected = (
        priced["cache_read_tokens"].to_numpy()
        * (row["input_usd_per_mtok"] - row["cached_input_usd_per_mtok"])
        - priced["cache_creation_tokens"].to_numpy()
        * (row["cache_write_usd_per_mtok"] - row["input_usd_per_mtok"])
    ) / 1e6
    assert_close(priced["cache_savings_usd"].sum(), expected.sum(), "Σ cache savings", rel=1e-9)


def test_by_model_and_rank(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_token_economics__by_model")
    oracle = _grouped(calls, ["provider", "model"])
    oracle["tokens_per_call"] = oracle["total_tokens"] / oracle["calls"]
    oracle["cache_hit_rate"] = oracle["cache_read_tokens"] / oracle["input_tokens"].replace(0, np.nan)
    oracle = oracle.sort_values(["total_tokens", "provider", "model"], ascending=[False, True, True])
    oracle["tokens_rank"] = np.arange(1, len(oracle) + 1)
    assert_frames_close(
        mart,
        oracle,
        ["provider", "model"],
        [
            "calls",
            "total_tokens",
            "io_ratio",
            "tokens_per_call",
            "cost_usd",
            "cost_per_1k",
            "efficiency_score",
            "cache_hit_rate",
            "cache_savings_usd",
            "tokens_rank",
        ],
        "token_economics by_model",
    )
    ranking = analysis_warehouse.table("marts.rpt_token_economics__cost_per_1k_ranking")
    ranked = oracle.sort_values(["cost_per_1k", "provider", "model"], na_position="last")
    ranked["cost_rank"] = np.arange(1, len(ranked) + 1)
    assert_frames_close(
        ranking, ranked, ["provider", "model"], ["cost_per_1k", "cost_rank"], "cost_per_1k_ranking"
    )


@pytest.mark.parametrize(
    ("mart", "key", "column"),
    [
        ("by_feature", "feature_id", "feature_id"),
        ("by_archetype", "archetype", "customer_archetype"),
    ],
)
def test_groups_efficiency(analysis_warehouse, calls, mart, key, column) -> None:
    oracle = _grouped(calls, [column]).rename(columns={column: key})
    assert_frames_close(
        analysis_warehouse.table(f"marts.rpt_token_economics__{mart}"),
        oracle,
        [key],
        [
            "calls",
            "avg_input_tokens",
            "avg_output_tokens",
            "io_ratio",
            "cost_usd",
            "cost_per_1k",
            "cost_per_call",
            "efficiency_score",
        ],
        f"token_economics {mart}",
    )


def test_io_distribution(analysis_warehouse, calls) -> None:
    row = analysis_warehouse.table("marts.rpt_token_economics__io_distribution").iloc[0]
    io = calls["io_ratio"].dropna()
    low, high = (
        threshold("token_economics_io_balanced_min_ratio"),
        threshold("token_economics_io_balanced_max_ratio"),
    )
    assert row["calls_with_output"] == len(io)
    assert row["calls_without_output"] == int((calls["output_tokens"] == 0).sum())
    assert row["balanced_calls"] == int(((io >= low) & (io <= high)).sum())
    assert row["input_heavy_calls"] == int((io > high).sum())
    assert row["output_heavy_calls"] == int((io < low).sum())
    for column, p in [("p25_io_ratio", 0.25), ("median_io_ratio", 0.5), ("p75_io_ratio", 0.75)]:
        assert_close(row[column], percentile(io, p), column)
    assert_close(row["mean_io_ratio"], io.mean(), "mean_io_ratio")
    assert_close(row["max_io_ratio"], io.max(), "max_io_ratio")


def test_wasteful_calls_and_summary(analysis_warehouse, calls) -> None:
    simple = [f.strip() for f in thresholds()["simple_features"].split(",")]
    flags = pd.DataFrame(
        {
            "excessive_input": (calls["io_ratio"] > threshold("excessive_io_ratio"))
            & (calls["input_tokens"] > threshold("excessive_input_tokens")),
            "expensive_simple_task": (calls["cost_usd"] > threshold("expensive_simple_cost_usd"))
            & calls["feature_id"].isin(simple),
            "low_output_high_cost": (calls["total_tokens"] > threshold("low_output_total_tokens"))
            & (calls["output_tokens"] < threshold("low_output_max_tokens")),
        }
    )
    flagged = calls[flags.any(axis=1)]
    mart = analysis_warehouse.table("marts.rpt_token_economics__wasteful_calls")
    assert set(mart["call_id"]) == set(flagged["call_id"])
    summary = analysis_warehouse.table("marts.rpt_token_economics__waste_summary").set_index("issue")
    for issue in flags.columns:
        assert summary.loc[issue, "calls"] == int(flags[issue].sum()), issue
        assert_close(
            summary.loc[issue, "cost_usd"], calls.loc[flags[issue], "cost_usd"].sum(), f"{issue} cost"
        )
    assert summary.loc["total", "calls"] == len(flagged)
    assert_close(summary.loc["total", "call_share_pct"], 100 * len(flagged) / len(calls), "flagged share")


def _downshift_prices() -> dict[tuple[str, str], pd.Series]:
    """(provider, model) → the target's current price row, per §4.4 from the price book seed."""
    current = pd.DataFrame([{**p.__dict__, "blended": p.blended_usd_per_mtok} for p in current_models()])
    classes = current.set_index(["provider", "model"])["capability_class"].to_dict()
    targets = {}
    for (provider, model), capability in classes.items():
        lower = LOWER_CLASS.get(capability)
        pool = current[(current["provider"] == provider) & (current["capability_class"] == lower)]
        if len(pool):
            targets[(provider, model)] = pool.sort_values(["blended", "model"]).iloc[0]
    return targets


def test_downgrade_opportunities(analysis_warehouse, calls) -> None:
    simple = [f.strip() for f in thresholds()["simple_features"].split(",")]
    targets = _downshift_prices()
    rows = []
    candidates = calls[(calls["capability_class"] == "frontier") & calls["feature_id"].isin(simple)]
    for (customer, feature, provider, model), group in candidates.groupby(
        ["customer_id", "feature_id", "provider", "model"]
    ):
        target = targets.get((provider, model))
        if target is None or group["total_tokens"].sum() / len(group) >= threshold("simple_call_max_tokens"):
            continue
        repriced = (
            group["uncached_input_tokens"].sum() * target["input_usd_per_mtok"]
            + group["cache_read_tokens"].sum() * target["cached_input_usd_per_mtok"]
            + group["cache_creation_tokens"].sum() * target["cache_write_usd_per_mtok"]
            + group["output_tokens"].sum() * target["output_usd_per_mtok"]
        ) / 1e6
        savings = group["cost_usd"].sum() - repriced
        if savings > 0:
            rows.append(
                {
                    "customer_id": customer,
                    "feature_id": feature,
                    "provider": provider,
                    "model": model,
                    "calls": len(group),
                    "target_model": target["model"],
                    "savings_usd": savings,
                    "monthly_savings_usd": monthly(savings, window_days(calls)),
                }
            )
    mart = analysis_warehouse.table("marts.rpt_token_economics__downgrade_opportunities")
    keys = ["customer_id", "feature_id", "provider", "model"]
    if not rows:
        assert mart.empty
        return
    assert_frames_close(
        mart,
        pd.DataFrame(rows),
        keys,
        ["calls", "target_model", "savings_usd", "monthly_savings_usd"],
        "downgrade_opportunities",
    )


def test_daily_cost_per_1k_spine(analysis_warehouse, calls) -> None:
    mart = analysis_warehouse.table("marts.rpt_token_economics__daily_cost_per_1k")
    spine = pd.date_range(calls["call_date"].min(), calls["call_date"].max(), freq="D").date
    daily = calls.groupby("call_date").agg(cost_usd=("cost_usd", "sum"), total_tokens=("total_tokens", "sum"))
    daily = daily.reindex(spine).fillna(0).rename_axis("call_date").reset_index()
    daily["cost_per_1k"] = 1000 * daily["cost_usd"] / daily["total_tokens"].replace(0, np.nan)
    mart["call_date"] = pd.to_datetime(mart["call_date"]).dt.date
    assert_frames_close(mart, daily, ["call_date"], ["cost_usd", "cost_per_1k"], "daily_cost_per_1k")
