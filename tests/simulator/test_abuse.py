"""Planted abuse (§5.9): eligibility, each pattern's signature, the §6.13 rule it should trip,
exact size and determinism. 700 customers give k = 7, so every pattern is planted once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import read_seed
from include.reference import threshold as _t
from simulator.abuse import PATTERNS, choose_customers
from simulator.api import SimulationParams, generate
from simulator.context import build_context

PARAMS = {"rows": 60_000, "customers": 700}


@pytest.fixture(scope="module")
def run(simrun):
    return simrun(**PARAMS)


@pytest.fixture(scope="module")
def calls(run) -> pd.DataFrame:
    df = run.calls.to_pandas()
    df["planted"] = df["scenario"] == "planted_abuse"
    df["asked_model"] = df["requested_model"].fillna(df["model"])  # before any budget fallback
    return df


@pytest.fixture(scope="module")
def by_pattern() -> dict[str, str]:
    ctx = build_context(SimulationParams(**PARAMS))
    chosen = choose_customers(ctx)
    assert len(chosen) == 7
    return {PATTERNS[i]: ctx.pop.customer_ids[c] for i, c in enumerate(chosen)}


def _of(calls: pd.DataFrame, customer: str) -> pd.DataFrame:
    return calls[calls["customer_id"] == customer]


def test_chosen_customers_are_eligible(calls, by_pattern) -> None:
    planted = set(calls.loc[calls["planted"], "customer_id"])
    assert planted == set(by_pattern.values())
    first = calls.drop_duplicates("customer_id").set_index("customer_id")
    for customer in planted:
        assert int(customer.split("_")[1]) > 27
        assert first.loc[customer, "customer_archetype"] in ("light", "power")
        assert first.loc[customer, "subscription_tier"] in ("starter", "pro")
    # planted customers run no agent workflows, so every call of theirs is the pattern's
    assert calls.loc[calls["customer_id"].isin(planted), "workflow_id"].isna().all()


def test_k_follows_customer_count() -> None:
    for customers, k in ((27, 0), (60, 1), (250, 2), (1_000, 10)):  # 27: nobody after the first 27
        ctx = build_context(SimulationParams(rows=20_000, customers=customers))
        assert len(choose_customers(ctx)) == k


def test_spike_hour(calls, by_pattern) -> None:
    planted = _of(calls, by_pattern["spike_hour"]).query("planted")
    ts = planted["timestamp"]
    assert len(planted) == 200
    assert ts.dt.floor("h").nunique() == 1
    assert ts.dt.weekday.iloc[0] < 5 and 9 <= ts.dt.hour.iloc[0] <= 16


def test_minute_burst(calls, by_pattern) -> None:
    planted = _of(calls, by_pattern["minute_burst"]).query("planted")
    assert len(planted) == 80
    assert planted["timestamp"].dt.floor("min").nunique() == 1


def test_feature_spam(calls, by_pattern) -> None:
    own = _of(calls, by_pattern["feature_spam"])
    assert own["planted"].sum() == 1_200
    assert (own["feature_id"] == "chat").all()
    assert own["task_type"].isin(["qa", "conversation"]).all()


def test_automated_cadence(calls, by_pattern, run) -> None:
    own = _of(calls, by_pattern["automated_cadence"])
    assert own["planted"].all()
    gaps = own["timestamp"].sort_values().diff().dt.total_seconds().dropna()
    assert gaps.between(594, 606).all()
    window_s = run.params.window_days * 86_400
    assert abs(len(own) - window_s / 600) <= window_s / 600 * 0.01 + 1


def test_off_hours(calls, by_pattern) -> None:
    own = _of(calls, by_pattern["off_hours"])
    offsets = {r["region"]: int(r["utc_offset_hours"]) for r in read_seed("regions")}
    local = (own["timestamp"].dt.hour + own["region"].map(offsets)) % 24
    off = (local >= 22) | (local <= 5)
    assert len(own) > 0 and off.mean() >= 0.9
    assert own["planted"].sum() >= 0.9 * len(own)


def test_model_hopping(calls, by_pattern) -> None:
    own = _of(calls, by_pattern["model_hopping"])
    assert own["planted"].all() and len(own) >= 150
    counts = own["asked_model"].value_counts()
    assert len(counts) == 12 and counts.max() - counts.min() <= 1


def test_batch_jobs(calls, by_pattern) -> None:
    planted = _of(calls, by_pattern["batch_jobs"]).query("planted")
    assert len(planted) == 10
    assert planted["input_tokens"].between(12_000, 20_000).all()
    assert planted["output_tokens"].between(20, 80).all()


def test_each_pattern_trips_its_rule(calls, by_pattern) -> None:
    """§5.13: every planted pattern is found by its §6.13 rule (recomputed here in pandas)."""
    hours = calls.groupby(["customer_id", calls["timestamp"].dt.floor("h")]).size()
    minutes = calls.groupby(["customer_id", calls["timestamp"].dt.floor("min")]).size()
    offsets = {r["region"]: int(r["utc_offset_hours"]) for r in read_seed("regions")}

    def spike(c: str) -> bool:
        h = hours[c]
        return len(h) >= 2 and h.max() > _t("spike_multiple") * h.mean() and h.max() > _t("spike_min_calls")

    def cadence(c: str) -> bool:
        gaps = _of(calls, c)["timestamp"].sort_values().diff().dt.total_seconds().dropna()
        return gaps.std(ddof=0) / gaps.mean() < _t("automation_cv")

    def off_hours(c: str) -> bool:
        own = _of(calls, c)
        local = (own["timestamp"].dt.hour + own["region"].map(offsets)) % 24
        return 100 * ((local >= 22) | (local <= 5)).mean() > _t("abuse_detection_off_hours_share_pct")

    def hopping(c: str) -> bool:
        own = _of(calls, c)
        return ((own["provider"] + "/" + own["model"]).nunique() > _t("abuse_detection_model_hopping_models")
                and len(own) > _t("abuse_detection_model_hopping_calls"))

    def spam(c: str) -> bool:
        share = _of(calls, c)["feature_id"].value_counts(normalize=True).max()
        return 100 * share > _t("abuse_detection_feature_spam_share_pct") and len(_of(calls, c)) > 1_000

    def batch(c: str) -> bool:
        large = _of(calls, c)["total_tokens"] > _t("abuse_detection_batch_call_tokens")
        return large.sum() > _t("abuse_detection_batch_min_calls")

    rules = {"spike_hour": spike, "minute_burst": lambda c: minutes[c].max() > _t("concurrent_per_minute"),
             "feature_spam": spam, "automated_cadence": cadence, "off_hours": off_hours,
             "model_hopping": hopping, "batch_jobs": batch}
    missed = [p for p, c in by_pattern.items() if not rules[p](c)]
    assert not missed, f"planted patterns not found by their rule: {missed}"


def test_exact_rows_and_window(run, calls) -> None:
    assert run.calls.num_rows == PARAMS["rows"]
    start = pd.Timestamp(run.params.window_start)
    end = pd.Timestamp(run.params.window_end)
    assert calls["timestamp"].between(start, end, inclusive="left").all()
    assert calls["call_id"].is_unique


def test_deterministic_and_seeded(run) -> None:
    again = generate(SimulationParams(**PARAMS))
    assert again.calls.equals(run.calls)
    assert again.workflows.equals(run.workflows)
    seeded = [choose_customers(build_context(SimulationParams(**PARAMS, seed=s))) for s in (42, 7)]
    assert not np.array_equal(*seeded)


def test_nothing_planted_without_base_stream(simrun) -> None:
    result = simrun(rows=5_000, scenarios=("seasonal",))
    assert result.calls.num_rows == 5_000
    assert "planted_abuse" not in set(result.calls.column("scenario").to_pylist())
