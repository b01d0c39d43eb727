"""Oracle for abuse_detection (§6.13): headline figures recomputed in pandas from fct_calls and
dim_customers, and the simulator's planted abuse (§5.9) found by the rules it was planted for.

Independent of the SQL: the anomaly rule, gaps, local hours, scores and multiples are recomputed
here with pandas and the thresholds seed, then compared with the marts at relative tolerance 1e-9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from include.reference import read_seed
from include.reference import threshold as _t
from tests.analyses.oracle import close as _close


@pytest.fixture(scope="module")
def calls(analysis_warehouse) -> pd.DataFrame:
    return analysis_warehouse.table("marts.fct_calls")


@pytest.fixture(scope="module")
def customers(analysis_warehouse, calls: pd.DataFrame) -> pd.DataFrame:
    """Per customer: current tier/price from dim_customers, calls, cost, monthly calls, consumption."""
    window = analysis_warehouse.table("intermediate.int_analysis_window").iloc[0]
    dim = analysis_warehouse.table("marts.dim_customers").set_index("customer_id")
    per = calls.groupby("customer_id").agg(calls=("call_id", "size"), cost_usd=("cost_usd", "sum"))
    per["tier"] = dim.loc[per.index, "subscription_tier"]
    revenue = dim.loc[per.index, "tier_price_usd"] * window["window_days"] / _t("days_per_month")
    per["consumption_pct"] = 100 * per["cost_usd"] / revenue
    per["monthly_calls"] = per["calls"] * _t("days_per_month") / window["window_days"]
    return per


def _anomalies(calls: pd.DataFrame) -> pd.DataFrame:
    ok = calls[calls["is_success"]].copy()
    group = ok.groupby(["provider", "model"])["cost_usd"]
    ok["mean"], ok["n"] = group.transform("mean"), group.transform("size")
    ok["std"] = group.transform(lambda s: s.std(ddof=0))
    hit = ((ok["n"] >= _t("min_anomaly_points")) & (ok["std"] > 0)
           & (ok["cost_usd"] > ok["mean"] + _t("anomaly_sigma") * ok["std"]))
    return ok[hit]


def test_summary_matches_pandas(analysis_warehouse, calls) -> None:
    summary = analysis_warehouse.table("marts.rpt_abuse_detection__summary").iloc[0]
    anomalies = _anomalies(calls)
    assert summary["calls"] == len(calls)
    assert summary["customers"] == calls["customer_id"].nunique()
    assert _close(summary["mean_cost_usd"], calls["cost_usd"].mean())
    assert _close(summary["std_cost_usd"], calls["cost_usd"].std(ddof=0))
    assert summary["anomalous_calls"] == len(anomalies) > 0
    assert _close(summary["anomaly_rate_pct"], 100 * len(anomalies) / len(calls))
    assert _close(summary["estimated_waste_usd"], (anomalies["cost_usd"] - anomalies["mean"]).sum())
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__cost_anomalies")
    assert set(mart["call_id"]) == set(anomalies["call_id"])


def test_concurrency_and_hourly_rules(analysis_warehouse, calls) -> None:
    minutes = calls.groupby(["customer_id", "call_minute"]).size()
    busiest = minutes.groupby("customer_id").max()
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__concurrency").set_index("customer_id")
    assert (mart.loc[busiest.index, "busiest_minute_calls"] == busiest).all()
    assert set(mart.index[mart["is_flagged"]]) == set(busiest.index[busiest > _t("concurrent_per_minute")])

    hours = calls.groupby(["customer_id", "call_hour"]).agg(
        n=("call_id", "size"), rl=("error_type", lambda s: (s == "rate_limit").sum())).reset_index()
    rate_limit = hours[hours["rl"] > _t("rate_limit_errors_per_hour")]
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__rate_limit_abuse")
    assert set(zip(mart["customer_id"], mart["hour"], strict=True)) == set(
        zip(rate_limit["customer_id"], rate_limit["call_hour"], strict=True))

    stats = hours.groupby("customer_id").agg(active=("n", "size"), total=("n", "sum"), top=("n", "max"))
    mean = stats["total"] / stats["active"]
    spiking = stats[(stats["active"] >= _t("abuse_detection_spike_min_active_hours"))
                    & (stats["top"] > _t("spike_multiple") * mean) & (stats["top"] > _t("spike_min_calls"))]
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__usage_spikes")
    assert set(mart["customer_id"]) == set(spiking.index)


def _gap_cv(calls: pd.DataFrame) -> pd.Series:
    ordered = calls.sort_values(["customer_id", "timestamp", "call_id"])
    gaps = ordered.groupby("customer_id")["timestamp"].diff().dt.total_seconds()
    frame = pd.DataFrame({"customer_id": ordered["customer_id"], "gap": gaps}).dropna()
    stats = frame.groupby("customer_id")["gap"].agg(["mean", lambda s: s.std(ddof=0)])
    stats.columns = ["mean", "std"]
    return stats["std"] / stats["mean"].replace(0, np.nan)


def test_tier_gaming_scores(analysis_warehouse, calls, customers) -> None:
    cv = _gap_cv(calls).reindex(customers.index)
    starter, pro = customers["tier"] == "starter", customers["tier"] == "pro"
    score = (
        np.where(starter & (customers["monthly_calls"] > _t("gaming_starter_monthly_calls")),
                 _t("abuse_detection_high_volume_starter_points"), 0)
        + np.where(starter & (customers["consumption_pct"] > _t("gaming_cost_ratio") * 100),
                   _t("abuse_detection_cost_exceeds_points"), 0)
        + np.where(pro & (customers["monthly_calls"] > _t("gaming_pro_monthly_calls")),
                   _t("abuse_detection_enterprise_volume_points"), 0)
        + np.where((starter | pro) & (customers["calls"] > _t("abuse_detection_automation_min_calls"))
                   & (cv < _t("automation_cv")), _t("abuse_detection_automated_points"), 0)
    )
    expected = pd.Series(score, index=customers.index)
    expected = expected[expected >= _t("gaming_flag_score")]
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__tier_gaming").set_index("customer_id")
    assert set(mart.index) == set(expected.index)
    assert all(_close(mart.loc[c, "score"], expected[c]) for c in expected.index)
    assert all(_close(mart.loc[c, "gap_cv"], cv[c]) for c in expected.index)


def test_suspicious_patterns_and_outliers(analysis_warehouse, calls, customers) -> None:
    offsets = {r["region"]: int(r["utc_offset_hours"]) for r in read_seed("regions")}
    local_hour = (calls["call_hour"].dt.hour + calls["region"].map(offsets) + 24) % 24
    off = ((local_hour >= _t("abuse_detection_off_hours_start_hour"))
           | (local_hour <= _t("abuse_detection_off_hours_end_hour")))
    by = calls.assign(off=off, large=calls["total_tokens"] > _t("abuse_detection_batch_call_tokens"),
                      model_key=calls["provider"] + "/" + calls["model"]).groupby("customer_id")
    n = by.size()
    measured = pd.DataFrame({
        "batch_processing": by["large"].sum(),
        "off_hours": 100 * by["off"].sum() / n,
        "model_hopping": by["model_key"].nunique(),
        "feature_spam": 100 * by["feature_id"].agg(lambda s: s.value_counts().max()) / n,
        "region_hopping": (calls.groupby(["customer_id", "call_hour"])["region"].nunique()
                           .groupby("customer_id").max()),
    })
    holds = {
        "batch_processing": measured["batch_processing"] > _t("abuse_detection_batch_min_calls"),
        "off_hours": measured["off_hours"] > _t("abuse_detection_off_hours_share_pct"),
        "model_hopping": ((measured["model_hopping"] > _t("abuse_detection_model_hopping_models"))
                          & (n > _t("abuse_detection_model_hopping_calls"))),
        "feature_spam": ((measured["feature_spam"] > _t("abuse_detection_feature_spam_share_pct"))
                         & (n > _t("abuse_detection_feature_spam_calls"))),
        "region_hopping": measured["region_hopping"] >= _t("abuse_detection_region_hopping_regions"),
    }
    expected = {(c, p): measured.loc[c, p] for p, mask in holds.items() for c in mask.index[mask]}
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__suspicious_patterns")
    actual = {(r.customer_id, r.pattern): r.value for r in mart.itertuples()}
    assert set(actual) == set(expected)
    assert all(_close(actual[k], expected[k]) for k in expected)

    cost_multiple = customers["cost_usd"] / customers["cost_usd"].mean()
    volume_multiple = customers["calls"] / customers["calls"].mean()
    latency = calls[calls["is_success"]].groupby("customer_id")["latency_ms"].mean()
    fast = (latency < _t("abuse_detection_fast_latency_ms")).reindex(customers.index, fill_value=False)
    score = (np.where(cost_multiple > _t("abuse_detection_outlier_cost_multiple"),
                      _t("abuse_detection_outlier_cost_points"), 0)
             + np.where(volume_multiple > _t("abuse_detection_outlier_volume_multiple"),
                        _t("abuse_detection_outlier_volume_points"), 0)
             + np.where(fast, _t("abuse_detection_fast_points"), 0))
    expected_outliers = set(customers.index[score >= _t("abuse_detection_outlier_flag_score")])
    mart = analysis_warehouse.table("marts.rpt_abuse_detection__outliers").set_index("customer_id")
    assert set(mart.index) == expected_outliers
    assert all(_close(mart.loc[c, "cost_multiple"], cost_multiple[c]) for c in expected_outliers)


def _planted_pattern(planted: pd.DataFrame, all_calls: pd.DataFrame) -> str:
    """Which §5.9 pattern a planted customer got, read from the signature of its planted calls."""
    if (planted["input_tokens"] >= 12_000).all() and len(planted) <= 10:
        return "batch_jobs"
    if planted["call_minute"].nunique() == 1:
        return "minute_burst"
    if planted["call_hour"].nunique() == 1:
        return "spike_hour"
    if (all_calls["feature_id"] == "chat").all() and len(planted) >= 1_000:
        return "feature_spam"
    per_model = (planted["provider"] + "/" + planted["model"]).value_counts()
    # §5.9 model_hopping: at least 150 calls spread evenly over 12 models (an off-hours customer's
    # few planted calls may also touch 12 models, unevenly)
    if len(per_model) >= 12 and len(planted) >= 150 and per_model.max() - per_model.min() <= 1:
        return "model_hopping"
    if len(planted) == len(all_calls) and all_calls["call_minute"].nunique() == len(all_calls):
        gaps = all_calls.sort_values("timestamp")["timestamp"].diff().dt.total_seconds().dropna()
        if len(gaps) and gaps.between(594, 606).all():
            return "automated_cadence"
    return "off_hours"


def test_planted_abuse_is_detected(analysis_warehouse, calls) -> None:
    """§5.9: every planted customer is flagged by the rule its pattern targets."""
    planted = calls[calls["scenario"] == "planted_abuse"]
    assert not planted.empty, (
        "the simulated warehouse holds no planted_abuse calls: the simulator must plant §5.9 abuse "
        "(k = max(1, customers // 100) customers) before abuse_detection can be checked against it")
    spikes = set(analysis_warehouse.table("marts.rpt_abuse_detection__usage_spikes")["customer_id"])
    concurrency = analysis_warehouse.table("marts.rpt_abuse_detection__concurrency")
    bursting = set(concurrency.loc[concurrency["is_flagged"], "customer_id"])
    patterns = analysis_warehouse.table("marts.rpt_abuse_detection__suspicious_patterns")
    found = set(zip(patterns["customer_id"], patterns["pattern"], strict=True))
    gaps = analysis_warehouse.table("intermediate.int_abuse_detection__call_gaps").set_index("customer_id")
    for customer_id, group in planted.groupby("customer_id"):
        pattern = _planted_pattern(group, calls[calls["customer_id"] == customer_id])
        detected = {
            "spike_hour": customer_id in spikes,
            "minute_burst": customer_id in bursting,
            "feature_spam": (customer_id, "feature_spam") in found,
            "automated_cadence": gaps.loc[customer_id, "gap_cv"] < _t("automation_cv"),
            "off_hours": (customer_id, "off_hours") in found,
            "model_hopping": (customer_id, "model_hopping") in found,
            "batch_jobs": (customer_id, "batch_processing") in found,
        }[pattern]
        assert detected, f"planted {pattern} of {customer_id} was not detected by abuse_detection"
