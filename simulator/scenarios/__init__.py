"""The twelve traffic streams of §5.4, one module each, in the order of the catalogue.

Every module exposes ``NAME``, ``RATE`` and ``multiplier(grid, gen) -> m(h)``; optional hooks are
``SHAPED = False`` (no hour/day shaping), ``extra_rate_limit(m)`` (hours with extra rate-limit
errors), ``WEIGHT_BY_ORG_SIZE``, ``override_region``, ``override_model`` and ``relabel``.
"""

from __future__ import annotations

from types import ModuleType

from simulator.constants import SCENARIOS
from simulator.scenarios import (
    base,
    burst,
    cost_optimization,
    feature_launch,
    gradual_decline,
    model_migration,
    multi_tenant,
    seasonal,
    steady_growth,
    timezone,
    viral_spike,
    weekend_effect,
)

MODULES: dict[str, ModuleType] = {
    m.NAME: m
    for m in (base, seasonal, burst, multi_tenant, model_migration, weekend_effect, timezone,
              feature_launch, cost_optimization, gradual_decline, steady_growth, viral_spike)
}
assert tuple(MODULES) == SCENARIOS, "scenario modules must follow the order of §5.4"
