"""Seed 004, tenant budget setup, the usage-statistics answer and the daily reset at 00:00 UTC.

``set_monthly_budget`` stores daily = monthly ÷ 30.44 (catalogue §8: $1,000 a month is $32.85 a
day). Budget days are UTC dates; the clock is injectable, so this example walks across midnight
UTC without waiting for it.

Run: ``.venv/bin/python examples/tenant_budgets.py``
"""

from __future__ import annotations

from datetime import UTC, datetime

from _support import workspace
from finops_sdk import BudgetExceededError, CostTracker


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def set_tenant_budget(cost_tracker: CostTracker, tenant_id: str, monthly_budget_usd: float) -> float:
    """Set the daily budget from the monthly allocation (seed 004)."""
    daily = cost_tracker.set_monthly_budget(tenant_id, monthly_budget_usd, enforcement="block")
    print(f"Set budget for {tenant_id}: ${daily:.2f}/day (${monthly_budget_usd:,.0f}/month)")
    return daily


def main() -> None:
    root = workspace()
    clock = Clock(datetime(2026, 3, 1, 23, 0, tzinfo=UTC))
    cost_tracker = CostTracker(root / "budgets.sqlite3", clock=clock)
    set_tenant_budget(cost_tracker, "acme-corp", 1000.0)
    set_tenant_budget(cost_tracker, "tiny-startup", 3.0)
    # a heavy day for the small tenant: 8,000 input + 1,000 output tokens of gpt-4o per call ($0.03)
    calls = 0
    while True:
        try:
            with cost_tracker.track_tokens_sync("tiny-startup", "gpt-4o", 8_000, 1_000) as usage:
                usage["input_tokens"], usage["output_tokens"] = 8_000, 1_000
            calls += 1
        except BudgetExceededError as exc:
            print(f"refused at 23:00 UTC: {exc}")
            break
    stats = cost_tracker.tenant_stats("tiny-startup")
    print(
        f"{calls} calls, ${stats['daily_cost_usd']:.4f} spent, {stats['budget_utilization_pct']:.1f}% used, "
        f"next reset {stats['next_reset_at']}"
    )
    clock.now = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # midnight UTC
    stats = cost_tracker.tenant_stats("tiny-startup")
    print(
        f"after 00:00 UTC: {stats['date']} spent ${stats['daily_cost_usd']:.2f}, "
        f"remaining ${stats['remaining_budget_usd']:.4f}"
    )
    with cost_tracker.track_tokens_sync("tiny-startup", "gpt-4o", 8_000, 1_000) as usage:
        usage["input_tokens"], usage["output_tokens"] = 8_000, 1_000
    print("usage stats:", cost_tracker.usage_stats("tiny-startup"))
    print("no budget:", cost_tracker.usage_stats("unknown-tenant")["current_usage"])


if __name__ == "__main__":
    main()
