"""§5.13: each scenario's effect is visible in its own standalone calls."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest

from simulator.constants import SCENARIOS
from simulator.context import build_context
from simulator.scenarios import feature_launch, timezone
from simulator.timegrid import HOUR_US, to_us


def stream(result, name: str):
    calls = result.calls
    mask = pc.and_(pc.equal(calls.column("scenario"), name), pc.is_null(calls.column("workflow_id")))
    return calls.filter(mask)


def hour_index(result, table) -> np.ndarray:
    start = to_us(result.params.window_start)
    ts = table.column("timestamp").cast("int64").to_numpy()
    return (ts - start) // HOUR_US


def hourly(result, name: str) -> tuple[np.ndarray, object]:
    ctx = build_context(result.params)
    table = stream(result, name)
    counts = np.bincount(hour_index(result, table), minlength=ctx.grid.hours).astype(float)
    return counts, ctx


@pytest.mark.parametrize("name", ["seasonal", "gradual_decline", "steady_growth", "viral_spike"])
def test_hourly_volume_correlates_with_m(scenarios_run, name: str) -> None:
    counts, ctx = hourly(scenarios_run, name)
    m = ctx.plan.m[ctx.plan.names.index(name)]
    normalised = counts / ctx.grid.shaping
    assert np.corrcoef(normalised, m)[0, 1] > 0.8


def test_burst_hours_are_at_least_four_times_busier(scenarios_run) -> None:
    counts, ctx = hourly(scenarios_run, "burst")
    m = ctx.plan.m[ctx.plan.names.index("burst")]
    normalised = counts / ctx.grid.shaping
    assert (m > 1).any()
    assert normalised[m > 1].mean() >= 4 * normalised[m == 1].mean()


def test_burst_hours_add_rate_limits(scenarios_run) -> None:
    ctx = build_context(scenarios_run.params)
    table = stream(scenarios_run, "burst")
    bursting = ctx.plan.m[ctx.plan.names.index("burst")][hour_index(scenarios_run, table)] > 1
    errors = pc.equal(table.column("status"), "error").to_numpy(zero_copy_only=False)
    assert errors[bursting].mean() > errors[~bursting].mean() + 0.05


def test_weekend_effect(scenarios_run) -> None:
    counts, ctx = hourly(scenarios_run, "weekend_effect")
    normalised = counts / ctx.grid.shaping
    g = ctx.grid
    friday = (g.weekday == 4) & (g.utc_hour >= 15)
    monday = (g.weekday == 0) & (g.utc_hour < 10)
    rest = ~friday & ~monday
    assert abs(normalised[friday].mean() / normalised[rest].mean() - 0.6) <= 0.06
    assert abs(normalised[monday].mean() / normalised[rest].mean() - 0.7) <= 0.07


def test_timezone_peaks_follow_populations(scenarios_run) -> None:
    table = stream(scenarios_run, "timezone")
    hour_of_day = (table.column("timestamp").cast("int64").to_numpy() // HOUR_US) % 24
    region = np.array(table.column("region").to_pylist())
    for population, (_, peak, regions) in timezone.POPULATIONS.items():
        mask = np.isin(region, [r for r, _ in regions])
        profile = np.bincount(hour_of_day[mask], minlength=24)
        distance = min(abs(int(profile.argmax()) - peak), 24 - abs(int(profile.argmax()) - peak))
        assert distance <= 1, population


def test_analysis_feature_launches_at_l(scenarios_run) -> None:
    ctx = build_context(scenarios_run.params)
    launch = feature_launch.launch_hour(ctx.grid.hours)
    calls = scenarios_run.calls
    h = hour_index(scenarios_run, calls)
    analysis = pc.equal(calls.column("feature_id"), "analysis").to_numpy(zero_copy_only=False)
    assert not analysis[h < launch].any()
    launched = stream(scenarios_run, "feature_launch")
    hl = hour_index(scenarios_run, launched)
    share = pc.equal(launched.column("feature_id"), "analysis").to_numpy(zero_copy_only=False)
    after = hl >= launch
    early = share[after & (hl < launch + (ctx.grid.hours - launch) // 4)].mean()
    late = share[hl >= ctx.grid.hours - (ctx.grid.hours - launch) // 4].mean()
    assert late > early + 0.1


def quarter_share(result, name: str, column: str, values: list[str]) -> tuple[float, float]:
    table = stream(result, name)
    h = hour_index(result, table)
    hours = build_context(result.params).grid.hours
    hit = np.isin(np.array(table.column(column).to_pylist()), values)
    return hit[h < hours // 4].mean(), hit[h >= hours - hours // 4].mean()


def test_model_migration_moves_to_anthropic(scenarios_run) -> None:
    first, last = quarter_share(scenarios_run, "model_migration", "provider", ["anthropic"])
    assert last > first + 0.4
    models = set(stream(scenarios_run, "model_migration").column("model").to_pylist())
    assert models <= {"gpt-4o", "claude-sonnet-4-5", "claude-sonnet-4"} | {
        m for m in models if m.endswith("nano") or "lite" in m or "micro" in m or "haiku" in m
        or m in ("mistral-small", "command-r7b")}  # budget fallbacks may serve a call


def test_cost_optimization_moves_to_fast_models(scenarios_run) -> None:
    ctx = build_context(scenarios_run.params)
    fast = [ctx.cat.models[ctx.cat.cheapest_fast(p)] for p in range(len(ctx.cat.providers))]
    first, last = quarter_share(scenarios_run, "cost_optimization", "model", fast)
    assert last > first + 0.4


def test_multi_tenant_favours_large_organizations(scenarios_run) -> None:
    ctx = build_context(scenarios_run.params)
    table = stream(scenarios_run, "multi_tenant")
    per_customer = table.group_by("customer_id").aggregate([("customer_id", "count")])
    counts = dict(zip(per_customer.column("customer_id").to_pylist(),
                      per_customer.column("customer_id_count").to_pylist(), strict=True))
    by_size: dict[int, list[float]] = {0: [], 2: []}
    for c, cid in enumerate(ctx.pop.customer_ids):
        size = int(ctx.pop.org_size[ctx.pop.org[c]])
        if size in by_size:
            by_size[size].append(counts.get(cid, 0) / ctx.pop.daily_rate[c])
    assert np.mean(by_size[2]) > 2 * np.mean(by_size[0])


def test_every_selected_scenario_appears_and_only_those(simrun) -> None:
    result = simrun(rows=3_000, scenarios=("base", "viral_spike"))
    assert set(result.calls.column("scenario").to_pylist()) == {"base", "viral_spike"}
    assert set(SCENARIOS) >= set(simrun(rows=3_000).calls.column("scenario").to_pylist())
