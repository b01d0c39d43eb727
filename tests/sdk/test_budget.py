"""Budget enforcer (seed 004, catalogue §8): daily budget, fallback, 00:00 UTC reset, stats, concurrency."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import landed
from finops_sdk import BudgetExceededError, ConfigurationError, CostTracker, UnknownModelError

PER_CALL = 1000 * 2.5 / 1e6  # 1,000 uncached gpt-4o input tokens


class Clock:
    """An injected clock that tests move by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def costs(tmp_path, clock) -> CostTracker:
    return CostTracker(tmp_path / "budgets.sqlite3", clock=clock)


def spend(costs: CostTracker, tenant: str, model: str = "gpt-4o", tokens: int = 1000, out: int = 0):
    with costs.track_tokens_sync(tenant, model, tokens, out) as usage:
        usage["input_tokens"], usage["output_tokens"] = tokens, out
    return usage


def test_daily_budget_is_monthly_over_30_44(costs):
    assert costs.set_monthly_budget("acme", 1000.0, enforcement="alert_only") == pytest.approx(
        32.8515, abs=1e-4
    )
    assert costs.budget_enforcer.budget("acme").daily_budget_usd == pytest.approx(1000 / 30.44)
    with pytest.raises(ConfigurationError, match="fallback_model"):
        costs.set_monthly_budget("acme", 1000.0, enforcement="fallback")
    with pytest.raises(UnknownModelError):
        costs.set_monthly_budget("acme", 1000.0, enforcement="fallback", fallback_model="gpt-5-nano-x")
    with pytest.raises(ConfigurationError, match="> 0"):
        costs.set_daily_budget("acme", 0.0, enforcement="block")


def test_fallback_to_the_cheaper_model_when_the_budget_would_be_exceeded(
    tmp_path, clock, make_tracker, md, landing
):
    tracker = make_tracker()
    costs = CostTracker(tmp_path / "b.sqlite3", clock=clock, tracker=tracker)
    costs.set_daily_budget("acme", 2.5 * PER_CALL, enforcement="fallback", fallback_model="gpt-4o-mini")

    async def call():
        async with costs.track_tokens("acme", "gpt-4o", expected_input_tokens=1000, metadata=md) as usage:
            usage["input_tokens"] = 1000
        return usage

    first, second, third = (asyncio.run(call()) for _ in range(3))
    assert (first.model, second.model, first.fallback) == ("gpt-4o", "gpt-4o", False)
    assert third.model == "gpt-4o-mini" and third.fallback and third["requested_model"] == "gpt-4o"
    assert third["estimated_cost_usd"] == pytest.approx(1000 * 0.15 / 1e6)  # the fallback's own cost
    stats = costs.tenant_stats("acme")
    assert stats["daily_cost_usd"] == pytest.approx(2 * PER_CALL + 1000 * 0.15 / 1e6)
    assert (stats["calls"], stats["fallback_calls"]) == (3, 1)
    assert tracker.flush(10)
    rows = landed(landing)
    assert [(r["model"], r["requested_model"]) for r in rows] == [
        ("gpt-4o", None),
        ("gpt-4o", None),
        ("gpt-4o-mini", "gpt-4o"),
    ]
    assert rows[2]["cost_usd"] == pytest.approx(0.00015) and rows[2]["organization_id"] == "org_001"


def test_fallback_cost_is_checked_too_and_block_refuses(costs):
    costs.set_daily_budget("acme", PER_CALL * 1.5, enforcement="fallback", fallback_model="gpt-4.1")
    spend(costs, "acme")  # remaining 0.5 call
    # gpt-4.1 costs 2.00/M: 0.002 > remaining 0.00125 -> neither fits: refused before any money is spent
    with pytest.raises(BudgetExceededError, match="00:00 UTC reset") as info:
        spend(costs, "acme")
    assert info.value.http_status == 402 and info.value.remaining_usd == pytest.approx(PER_CALL / 2)
    costs.set_daily_budget("solo", PER_CALL, enforcement="block")
    spend(costs, "solo")
    with pytest.raises(BudgetExceededError):
        spend(costs, "solo")
    stats = costs.tenant_stats("solo")
    assert (stats["calls"], stats["rejected_calls"], stats["remaining_budget_usd"]) == (1, 1, 0.0)


def test_a_refused_call_is_tracked_as_budget_exceeded(tmp_path, clock, make_tracker, md, landing):
    tracker = make_tracker()
    costs = CostTracker(tmp_path / "b.sqlite3", clock=clock, tracker=tracker)
    costs.set_daily_budget("org_001", PER_CALL / 2, enforcement="block")
    with (
        pytest.raises(BudgetExceededError),
        costs.track_tokens_sync("org_001", "gpt-4o", 1000, provider="openai", metadata=md),
    ):
        pytest.fail("the body must not run when the call is refused")
    assert tracker.flush(10)
    (row,) = landed(landing)
    assert (row["status"], row["error_type"], row["http_status"], row["cost_usd"]) == (
        "error",
        "budget_exceeded",
        402,
        0.0,
    )


def test_alert_only_never_refuses_and_alerts_once_per_day(costs):
    costs.set_daily_budget("acme", PER_CALL * 2, enforcement="alert_only")
    alerts = [costs.budget_enforcer.settle(*_settle_args(costs, "acme")).alerts for _ in range(4)]
    assert alerts == [(), ("warning", "exceeded"), (), ()]
    assert costs.tenant_stats("acme")["budget_utilization_pct"] == pytest.approx(200)


def _settle_args(costs, tenant):
    reservation = costs.budget_enforcer.reserve(tenant, "gpt-4o", None, 1000, 0)
    return reservation, "gpt-4o", 1000, 0


def test_no_budget_means_null_remaining_not_infinity(costs):
    spend(costs, "free")
    stats = costs.tenant_stats("free")
    assert stats["remaining_budget_usd"] is None and stats["budget_utilization_pct"] is None
    assert stats["daily_cost_usd"] == pytest.approx(PER_CALL)


def test_tenant_stats_tokens_by_model_cost_remaining_utilization(costs):
    costs.set_monthly_budget("acme", 30.44, enforcement="fallback", fallback_model="gpt-4o-mini")  # $1 a day
    spend(costs, "acme", "gpt-4o", 1000, 200)
    spend(costs, "acme", "claude-haiku-4-5", 400, 100)
    stats = costs.tenant_stats("acme")
    cost = PER_CALL + 200 * 10 / 1e6 + (400 * 1.0 + 100 * 5.0) / 1e6
    assert stats["total_tokens_by_model"] == {"claude-haiku-4-5": 500, "gpt-4o": 1200}
    assert stats["daily_cost_usd"] == pytest.approx(cost)
    assert stats["remaining_budget_usd"] == pytest.approx(1.0 - cost)
    assert stats["budget_utilization_pct"] == pytest.approx(cost * 100)
    assert (stats["fallback_model"], stats["date"], stats["next_reset_at"]) == (
        "gpt-4o-mini",
        "2026-03-01",
        "2026-03-02T00:00:00Z",
    )
    assert asyncio.run(costs.get_tenant_stats("acme")) == stats
    spend(costs, "acme", "claude-haiku-4-5", 10, 1)
    assert costs.usage_stats("acme") == {  # the §8 answer of GET /api/v1/usage/stats
        "current_usage": {
            "tokens_by_model": {"claude-haiku-4-5": 511, "gpt-4o": 1200},
            "cost_today_usd": pytest.approx(cost + 15 / 1e6),
            "budget_remaining_usd": pytest.approx(1.0 - cost - 15 / 1e6),
            "budget_utilization_percent": pytest.approx((cost + 15 / 1e6) * 100),
        },
        "model_info": {"primary_model": "claude-haiku-4-5", "fallback_model": "gpt-4o-mini"},
    }


def test_daily_reset_at_midnight_utc_with_a_frozen_clock(costs, clock):
    costs.set_daily_budget("acme", PER_CALL, enforcement="block")
    clock.now = datetime(2026, 3, 1, 23, 59, 59, 999_000, tzinfo=UTC)
    spend(costs, "acme")
    with pytest.raises(BudgetExceededError):
        spend(costs, "acme")
    reset_gauge = costs.metrics.budget_reset.labels("acme")._value.get()
    assert reset_gauge == datetime(2026, 3, 2, tzinfo=UTC).timestamp()
    clock.now = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # midnight UTC: a new budget day
    assert costs.tenant_stats("acme")["remaining_budget_usd"] == pytest.approx(PER_CALL)
    spend(costs, "acme")
    today = costs.tenant_stats("acme")
    assert (today["date"], today["calls"], today["next_reset_at"]) == (
        "2026-03-02",
        1,
        "2026-03-03T00:00:00Z",
    )
    yesterday = costs.budget_enforcer.tenant_stats("acme", on=datetime(2026, 3, 1).date())
    assert (yesterday["calls"], yesterday["rejected_calls"]) == (1, 1)


def test_budget_days_are_utc_dates_whatever_the_clock_zone(costs, clock):
    costs.set_daily_budget("acme", PER_CALL, enforcement="block")
    tokyo = timezone(timedelta(hours=9))
    clock.now = datetime(2026, 3, 2, 8, 30, tzinfo=tokyo)  # 23:30 UTC on March 1st
    spend(costs, "acme")
    assert costs.tenant_stats("acme")["date"] == "2026-03-01"
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=tokyo)  # 00:00 UTC on March 2nd
    spend(costs, "acme")  # a new day: allowed


def test_failed_call_without_usage_releases_its_reservation(costs):
    costs.set_daily_budget("acme", PER_CALL, enforcement="block")
    with pytest.raises(RuntimeError), costs.track_tokens_sync("acme", "gpt-4o", 1000):
        raise RuntimeError("provider down")
    spend(costs, "acme")  # the reservation was released, the budget is intact
    assert costs.tenant_stats("acme")["calls"] == 1


def test_1000_concurrent_calls_across_threads_and_asyncio_never_overshoot(costs):
    budget = PER_CALL * 300.5
    costs.set_daily_budget("acme", budget, enforcement="block")
    outcomes: list[str] = []

    def sync_call(_: int) -> str:
        try:
            spend(costs, "acme")
            return "ok"
        except BudgetExceededError:
            return "refused"

    async def async_call() -> str:
        try:
            async with costs.track_tokens("acme", "gpt-4o", 1000) as usage:
                await asyncio.sleep(0)
                usage["input_tokens"] = 1000
            return "ok"
        except BudgetExceededError:
            return "refused"

    async def async_side() -> list[str]:
        return await asyncio.gather(*(async_call() for _ in range(500)))

    with ThreadPoolExecutor(16) as pool:
        threaded = pool.map(sync_call, range(500))
        outcomes += asyncio.run(async_side())
        outcomes += list(threaded)
    stats = costs.tenant_stats("acme")
    assert len(outcomes) == 1000
    assert stats["daily_cost_usd"] <= budget + PER_CALL
    assert stats["daily_cost_usd"] > budget - PER_CALL  # no leaked reservations: the budget was used up
    assert outcomes.count("ok") == stats["calls"] == 300
    assert outcomes.count("refused") == stats["rejected_calls"] == 700


def test_unknown_output_is_estimated_from_the_tenants_history(costs):
    costs.set_daily_budget("acme", 1.0, enforcement="block")
    spend(costs, "acme", "gpt-4o", 1000, 200)
    spend(costs, "acme", "gpt-4o", 1000, 400)
    with costs.track_tokens_sync("acme", "gpt-4o", expected_input_tokens=1000) as usage:
        usage["input_tokens"], usage["output_tokens"] = 1000, 300
    assert usage["estimated_cost_usd"] == pytest.approx((1000 * 2.5 + 300 * 10) / 1e6)  # 300 = mean output
    assert costs.budget_enforcer.typical_output_tokens("acme", "claude-haiku-4-5") == 0  # no history


def test_concurrent_calls_with_unknown_output_still_stay_within_one_call(costs):
    """Seed 004 passes only the expected input; the output's cost must not overshoot per call in flight."""
    call = (1000 * 2.5 + 200 * 10) / 1e6  # what each call really costs
    budget = call * 150.5
    costs.set_daily_budget("acme", budget, enforcement="block")

    def one(_: int) -> bool:
        try:
            with costs.track_tokens_sync("acme", "gpt-4o", expected_input_tokens=1000) as usage:
                time.sleep(0.005)  # the model call: many calls are in flight at once
                usage["input_tokens"], usage["output_tokens"] = 1000, 200
            return True
        except BudgetExceededError:
            return False

    with ThreadPoolExecutor(16) as pool:
        accepted = sum(pool.map(one, range(400)))
    spent = costs.tenant_stats("acme")["daily_cost_usd"]
    assert spent <= budget + call
    assert accepted >= 149


PROCESS = textwrap.dedent(
    """
    import sys
    from finops_sdk import BudgetExceededError, CostTracker
    costs = CostTracker(sys.argv[1])
    ok = 0
    for _ in range(int(sys.argv[2])):
        try:
            with costs.track_tokens_sync("acme", "gpt-4o", 1000) as usage:
                usage["input_tokens"] = 1000
            ok += 1
        except BudgetExceededError:
            pass
    print(ok)
    """
)


def test_several_processes_share_one_budget_through_sqlite(tmp_path):
    db = tmp_path / "shared.sqlite3"
    CostTracker(db).set_daily_budget("acme", PER_CALL * 100.5, enforcement="block")
    procs = [
        subprocess.Popen([sys.executable, "-c", PROCESS, str(db), "60"], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    accepted = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        accepted.append(int(out))
    stats = CostTracker(db).tenant_stats("acme")
    assert sum(accepted) == stats["calls"] == 100
    assert stats["rejected_calls"] == 80
    assert PER_CALL * 99.5 < stats["daily_cost_usd"] <= PER_CALL * 100.5 + PER_CALL
