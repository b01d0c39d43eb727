"""Shared simulator runs for the tests: generated once per session (small except where §5.13
needs ≥ 100,000 calls), so the suite stays fast on two cores."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.api import SimulationParams, SimulationResult, generate


@cache
def run(**kwargs: object) -> SimulationResult:
    return generate(SimulationParams(**kwargs))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def simrun():
    """The cached ``run(**params)`` helper, for tests that need their own parameters."""
    return run


@pytest.fixture(scope="session")
def small() -> SimulationResult:
    """All 12 scenarios, 20,000 rows."""
    return run(rows=20_000)


@pytest.fixture(scope="session")
def base_only() -> SimulationResult:
    """≥ 100,000 standalone calls of a stream without provider overrides or extra errors."""
    return run(rows=110_000, scenarios=("base",), agent_share=0.0)


@pytest.fixture(scope="session")
def scenarios_run() -> SimulationResult:
    """All scenarios over two weeks with enough calls per stream-hour to see each m(h)."""
    return run(rows=400_000, window_days=14, agent_share=0.0)


@pytest.fixture(scope="session")
def agent_heavy() -> SimulationResult:
    """Mostly workflow calls: > 5,000 executions."""
    return run(rows=40_000, agent_share=0.85)
