"""Parameters: defaults, size conversion, validation messages, run id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.api import SimulationParams
from simulator.constants import SCENARIOS


def test_defaults_follow_the_catalogue() -> None:
    p = SimulationParams()
    assert p.seed == 42 and p.window_days == 7 and p.agent_share == 0.10
    assert p.scenarios == SCENARIOS
    assert p.window_end == datetime(2026, 1, 1, tzinfo=UTC)
    assert p.target_rows == 308_404  # 50 MB
    assert p.resolved_customers == round(308_404 / (7 * 63.75))
    assert p.resolved_organizations == round(p.resolved_customers / 10)


def test_size_mb_converts_to_rows() -> None:
    assert SimulationParams(size_mb=2048).target_rows == 12_632_256
    assert SimulationParams(rows=1).resolved_customers == 27
    assert SimulationParams(rows=1).resolved_organizations == 3


def test_window_end_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_WINDOW_END", "2025-06-01T12:00:00Z")
    assert SimulationParams().window_end == datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scenarios": ("base", "nope", "zzz")}, "unknown scenario(s) nope, zzz"),
        ({"scenarios": ()}, "at least one scenario"),
        ({"rows": 0}, "rows must be an integer >= 1"),
        ({"window_days": 0}, "window_days must cover at least one hour"),
        ({"rows": 10, "size_mb": 1.0}, "rows or size_mb, not both"),
        ({"size_mb": -1.0}, "size_mb must be a positive number"),
        ({"customers": 5}, "customers must be >= 27"),
        ({"agent_share": 1.5}, "agent_share must lie in [0, 1]"),
        ({"seed": -1}, "seed must be a non-negative integer"),
    ],
)
def test_invalid_parameters_explain_themselves(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as err:
        SimulationParams(**kwargs)  # type: ignore[arg-type]
    assert message in str(err.value)


def test_run_id_is_canonical() -> None:
    a = SimulationParams(rows=1000, scenarios=("seasonal", "base"))
    b = SimulationParams(rows=1000, scenarios=["base", "seasonal"], customers=a.resolved_customers)  # type: ignore[arg-type]
    assert a.scenarios == ("base", "seasonal")
    assert a.run_id == b.run_id and len(a.run_id) == 12
    assert SimulationParams(rows=1001).run_id != SimulationParams(rows=1000).run_id
    assert SimulationParams(seed=1).call_id_prefix != SimulationParams(seed=2).call_id_prefix
