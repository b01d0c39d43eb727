"""Customer-level figures of catalogue §1.2–§1.5 recomputed in pandas for the oracles.

Written independently of the dbt models: the window comes straight from the call timestamps, the
current attributes from each customer's latest call (greatest timestamp, then greatest call_id),
and the prorated revenue from the tier price. profitability, pricing and features share it.
"""

from __future__ import annotations

import pandas as pd

from include.reference import threshold

CURRENT_ATTRIBUTES = ["organization_id", "subscription_tier", "tier_price_usd", "customer_archetype"]


def window_days(calls: pd.DataFrame) -> float:
    """§1.4: max(window seconds, 3600) ÷ 86,400."""
    seconds = (calls["timestamp"].max() - calls["timestamp"].min()).total_seconds()
    return max(seconds, 3600.0) / 86400.0


def monthly(amount: float, days: float) -> float:
    """§1.5 monthly projection of an amount observed over ``days``."""
    return amount * threshold("days_per_month") / days


def customer_window(calls: pd.DataFrame) -> pd.DataFrame:
    """One row per customer with calls: current attributes, calls, cost, tokens, prorated revenue."""
    latest = (
        calls.sort_values(["customer_id", "timestamp", "call_id"])
        .groupby("customer_id", sort=False)
        .tail(1)
        .set_index("customer_id")[CURRENT_ATTRIBUTES]
    )
    totals = calls.groupby("customer_id").agg(
        calls=("call_id", "size"),
        cost_usd=("cost_usd", "sum"),
        total_tokens=("total_tokens", "sum"),
    )
    customers = totals.join(latest).reset_index()
    days = window_days(calls)
    customers["revenue_usd"] = customers["tier_price_usd"] * days / threshold("days_per_month")
    return customers


def margin_band(margin_pct: float) -> str:
    """§6.6 band, lower bounds inclusive; a missing margin is no_price."""
    if pd.isna(margin_pct):
        return "no_price"
    if margin_pct >= threshold("margin_high_pct"):
        return "high_margin"
    if margin_pct >= threshold("margin_medium_pct"):
        return "medium_margin"
    if margin_pct >= threshold("margin_low_pct"):
        return "low_margin"
    return "unprofitable"
