"""Everything a run derives once from its parameters, shared by every generation step."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.catalogue import Catalogue, PriceTable, load_catalogue, load_prices
from simulator.population import CustomerSampler, Population, build_population, size_factor
from simulator.scenarios import feature_launch
from simulator.streams import StreamPlan, plan_streams
from simulator.timegrid import HourGrid, build_grid


@dataclass(frozen=True)
class Context:
    seed: int
    cat: Catalogue
    prices: PriceTable
    grid: HourGrid
    pop: Population
    plan: StreamPlan
    volume_sampler: CustomerSampler  # ∝ nominal rate × lifecycle
    tenant_sampler: CustomerSampler  # × organization size factor (multi_tenant)
    analysis_from_hour: int  # no call has feature `analysis` before this hour (§5.4.8)


def build_context(params: object) -> Context:
    """Build the run context from a :class:`simulator.api.SimulationParams`."""
    seed: int = params.seed  # type: ignore[attr-defined]
    cat = load_catalogue()
    grid = build_grid(params.window_end, params.window_days)  # type: ignore[attr-defined]
    pop = build_population(cat, seed, params.resolved_customers, params.resolved_organizations)  # type: ignore[attr-defined]
    plan = plan_streams(grid, seed, params.scenarios)  # type: ignore[attr-defined]
    launch = feature_launch.launch_hour(grid.hours) if "feature_launch" in plan.names else 0
    return Context(
        seed=seed,
        cat=cat,
        prices=load_prices(),
        grid=grid,
        pop=pop,
        plan=plan,
        volume_sampler=CustomerSampler(pop, pop.daily_rate),
        tenant_sampler=CustomerSampler(pop, pop.daily_rate * size_factor(pop)),
        analysis_from_hour=launch,
    )
