"""Run parameters of the simulator (§5.1), validated once, with the derived run id.

The run id is the first 12 hex chars of SHA-256 of the canonical parameters (seed, window_end,
window_days, rows, scenarios, customers, organizations, agent_share), with ``auto`` values
resolved, so two spellings of the same run share one id and rewrite the same landing files.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from include.settings import get_settings
from simulator.constants import (
    DEFAULT_SIZE_MB,
    FIRST_COVERAGE_CUSTOMERS,
    MEAN_DAILY_CALLS,
    NOMINAL_ROW_BYTES,
    SCENARIOS,
)


def _default_window_end() -> datetime:
    return get_settings().default_window_end


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


@dataclass(frozen=True)
class SimulationParams:
    """What to simulate. Output is a pure function of these values (§5.1)."""

    seed: int = 42
    window_end: datetime = field(default_factory=_default_window_end)
    window_days: float = 7
    rows: int | None = None
    size_mb: float | None = None
    scenarios: tuple[str, ...] = SCENARIOS
    customers: int | None = None
    organizations: int | None = None
    agent_share: float = 0.10

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        end = self.window_end
        if not isinstance(end, datetime):
            raise ValueError(f"window_end must be a datetime, got {end!r}")
        object.__setattr__(self, "window_end", end.replace(tzinfo=UTC) if end.tzinfo is None
                           else end.astimezone(UTC))
        if not (isinstance(self.window_days, int | float) and math.isfinite(self.window_days)):
            raise ValueError(f"window_days must be a number, got {self.window_days!r}")
        if self.window_days * 24 < 1:
            raise ValueError(f"window_days must cover at least one hour (>= 1/24), got {self.window_days}")
        if self.rows is not None and self.size_mb is not None:
            raise ValueError("give rows or size_mb, not both")
        if self.rows is not None and (isinstance(self.rows, bool) or not isinstance(self.rows, int)
                                      or self.rows < 1):
            raise ValueError(f"rows must be an integer >= 1, got {self.rows!r}")
        if self.size_mb is not None and not (self.size_mb > 0 and math.isfinite(self.size_mb)):
            raise ValueError(f"size_mb must be a positive number, got {self.size_mb!r}")
        if self.target_rows < 1:
            raise ValueError(f"size_mb {self.size_mb} is below one row ({NOMINAL_ROW_BYTES} bytes)")
        names = (self.scenarios,) if isinstance(self.scenarios, str) else tuple(self.scenarios)
        unknown = sorted(set(names) - set(SCENARIOS))
        if unknown:
            raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
        if not names:
            raise ValueError(f"select at least one scenario from {', '.join(SCENARIOS)}")
        object.__setattr__(self, "scenarios", tuple(s for s in SCENARIOS if s in names))
        for name in ("customers", "organizations"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"{name} must be an integer >= 1 (or None for auto), got {value!r}")
        if self.customers is not None and self.customers < FIRST_COVERAGE_CUSTOMERS:
            raise ValueError(f"customers must be >= {FIRST_COVERAGE_CUSTOMERS} so every archetype × tier "
                             f"× product segment has a customer, got {self.customers}")
        if not 0 <= self.agent_share <= 1:
            raise ValueError(f"agent_share must lie in [0, 1], got {self.agent_share!r}")

    @property
    def target_rows(self) -> int:
        """Exact number of call rows: ``rows``, else ⌊size_mb × 1,048,576 ÷ 170⌋ (default 50 MB)."""
        if self.rows is not None:
            return self.rows
        size = DEFAULT_SIZE_MB if self.size_mb is None else self.size_mb
        return math.floor(size * 1_048_576 / NOMINAL_ROW_BYTES)

    @property
    def resolved_customers(self) -> int:
        if self.customers is not None:
            return self.customers
        return max(FIRST_COVERAGE_CUSTOMERS,
                   _round_half_up(self.target_rows / (self.window_days * MEAN_DAILY_CALLS)))

    @property
    def resolved_organizations(self) -> int:
        if self.organizations is not None:
            return self.organizations
        return max(3, _round_half_up(self.resolved_customers / 10))

    @property
    def window_start(self) -> datetime:
        from datetime import timedelta

        return self.window_end - timedelta(days=self.window_days)

    def canonical(self) -> dict[str, object]:
        """The parameters that define the output, ``auto`` values resolved (used for the run id)."""
        return {
            "seed": self.seed,
            "window_end": self.window_end.isoformat().replace("+00:00", "Z"),
            "window_days": float(self.window_days),
            "rows": self.target_rows,
            "scenarios": list(self.scenarios),
            "customers": self.resolved_customers,
            "organizations": self.resolved_organizations,
            "agent_share": float(self.agent_share),
        }

    @property
    def run_id(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def call_id_prefix(self) -> str:
        """``sim_`` + 12 hex of SHA-256 of (seed, window_end, window_days) + ``_`` (§5.11)."""
        text = f"{self.seed}|{self.canonical()['window_end']}|{float(self.window_days)!r}"
        return f"sim_{hashlib.sha256(text.encode()).hexdigest()[:12]}_"
