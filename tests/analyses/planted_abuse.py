"""Calls carrying each planted-abuse pattern of catalogue §5.9, for the abuse_detection test.

The simulator is the intended source of planted abuse (§5.9); these rows restate the same seven
patterns so the detection rules of §6.13 can be checked against them on top of a simulated
warehouse. Each pattern gets its own new customer (a starter, light customer copied from a real
call), so a detection can only come from the planted calls.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

PATTERNS = ("spike_hour", "minute_burst", "feature_spam", "automated_cadence", "off_hours",
            "model_hopping", "batch_jobs")


def _spread(start: pd.Timestamp, end: pd.Timestamp, n: int) -> list[pd.Timestamp]:
    """n timestamps drawn uniformly inside (start, end): irregular, so only the automated_cadence
    customer has the fixed rhythm that automated_pattern looks for."""
    offsets = np.sort(np.random.default_rng(n).uniform(0.01, 0.99, size=n))
    return [start + (end - start) * float(u) for u in offsets]


def _weekday_hour(start: pd.Timestamp, hour: int) -> pd.Timestamp:
    """The first weekday `hour`:00 UTC at least a day after the window start."""
    day = (start + timedelta(days=1)).normalize()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day + timedelta(hours=hour)


def _timestamps(pattern: str, start: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    if pattern == "spike_hour":  # 200 extra calls inside one weekday hour between 09 and 16 UTC
        hour = _weekday_hour(start, 10)
        return _spread(start, end, 30) + [hour + timedelta(seconds=15 * i) for i in range(200)]
    if pattern == "minute_burst":  # 80 extra calls inside one clock minute
        minute = _weekday_hour(start, 12) + timedelta(minutes=30)
        return _spread(start, end, 30) + [minute + timedelta(milliseconds=500 * i) for i in range(80)]
    if pattern == "feature_spam":  # 1,200 calls, all on chat
        return _spread(start, end, 1200)
    if pattern == "automated_cadence":  # one call every 600 s ± 1 % over the whole window
        jitter = np.random.default_rng(5).uniform(-0.01, 0.01, size=2000)
        stamps, t = [], start + timedelta(seconds=60)
        for u in jitter:
            t = t + timedelta(seconds=600 * (1 + u))
            if t >= end:
                break
            stamps.append(t)
        return stamps
    if pattern == "off_hours":  # 90 % of the calls at local 22:00–05:59 (eu-west: UTC+0)
        days = [(start + timedelta(days=d + 1)).normalize() for d in range(5)]
        night = [day + timedelta(hours=(22 + i % 8) % 24, minutes=i % 50) for day in days for i in range(27)]
        noon = [day + timedelta(hours=12, minutes=i) for day in days for i in range(3)]
        return night + noon
    if pattern == "model_hopping":  # at least 150 calls spread evenly over 12 models
        return _spread(start, end, 156)
    if pattern == "batch_jobs":  # 10 extra calls with 12,000–20,000 input and 20–80 output tokens
        return _spread(start, end, 20) + _spread(start, end, 10)
    raise ValueError(f"unknown planted pattern {pattern!r}; choose from {', '.join(PATTERNS)}")


def planted_calls(calls: pd.DataFrame) -> pd.DataFrame:
    """Rows in the call-record layout of ``calls`` (a simulator calls file) for every pattern."""
    start, end = calls["timestamp"].min(), calls["timestamp"].max()
    ok = calls[(calls["status"] == "success") & (calls["subscription_tier"] == "starter")]
    template = ok.iloc[0]
    models = (calls[["provider", "model"]].drop_duplicates().sort_values(["provider", "model"])
              .head(12).to_numpy().tolist())
    assert len(models) == 12, "the simulated calls need at least 12 models for model_hopping"
    rows = []
    for pattern in PATTERNS:
        stamps = _timestamps(pattern, start, end)
        for i, ts in enumerate(stamps):
            row = template.to_dict()
            row.update(
                call_id=f"planted_{pattern}_{i:05d}", timestamp=ts, customer_id=f"cust_planted_{pattern}",
                customer_archetype="light", scenario="planted_abuse", region="eu-west",
                session_id=None, trace_id=None, request_id=None, parent_call_id=None,
                workflow_id=None, workflow_name=None, agent_name=None, feature_id="chat" if pattern ==
                "feature_spam" else ("summarization" if i % 2 else "code-generation"),
                # the loader prices the call from its own model and tokens (fct_calls checks that a
                # computed cost is the list cost), so the template's cost is not copied over
                cost_usd=None, cost_source="computed",
            )
            if pattern == "model_hopping":
                row["provider"], row["model"] = models[i % 12]
            if pattern == "batch_jobs" and i >= len(stamps) - 10:
                row["input_tokens"], row["output_tokens"] = 12_000 + 800 * (i % 10), 20 + 6 * (i % 10)
                row["total_tokens"] = row["input_tokens"] + row["output_tokens"]
                row["cache_read_tokens"] = row["cache_creation_tokens"] = 0
            rows.append(row)
    return pd.DataFrame(rows, columns=calls.columns).astype(calls.dtypes.to_dict())
