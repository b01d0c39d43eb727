"""§4.3: every simulated cost equals the price book formula; cache tokens obey §5.6; budgets §5.10."""

from __future__ import annotations

import math

import pyarrow.compute as pc

from include.reference import price_book


def price_at(provider: str, model: str, when) -> object:
    rows = [p for p in price_book() if p.provider == provider and p.model == model
            and p.valid_from <= when.date() and (p.valid_to is None or when.date() < p.valid_to)]
    assert len(rows) == 1
    return rows[0]


def test_costs_follow_the_price_book(small) -> None:
    for c in small.calls.to_pylist():
        p = price_at(c["provider"], c["model"], c["timestamp"])
        uncached = c["input_tokens"] - c["cache_read_tokens"] - c["cache_creation_tokens"]
        if c["status"] == "success":
            expected = (uncached * p.input_usd_per_mtok + c["cache_read_tokens"] * p.cached_input_usd_per_mtok
                        + c["cache_creation_tokens"] * p.cache_write_usd_per_mtok
                        + c["output_tokens"] * p.output_usd_per_mtok) / 1e6
        elif c["error_type"] == "timeout":
            expected = uncached * p.input_usd_per_mtok / 1e6
        else:
            expected = 0.0
        assert math.isclose(c["cost_usd"], expected, rel_tol=1e-9, abs_tol=1e-15), c["call_id"]
        assert c["total_tokens"] == c["input_tokens"] + c["output_tokens"]
        assert c["cost_source"] == "computed" and c["usage_source"] == "reported"


def drawn_price(c: dict) -> object:
    """Price of the model the call drew (a budget fallback keeps the drawn token counts, §5.10)."""
    model = c["requested_model"] or c["model"]
    provider = next(p.provider for p in price_book() if p.model == model)
    return price_at(provider, model, c["timestamp"])


def test_cache_tokens_only_where_priced(small) -> None:
    calls = small.calls.to_pylist()
    reads = [c for c in calls if c["cache_read_tokens"] > 0]
    writes = [c for c in calls if c["cache_creation_tokens"] > 0]
    assert reads and writes
    for c in reads:
        p = drawn_price(c)
        assert p.cached_input_usd_per_mtok < p.input_usd_per_mtok and c["status"] == "success"
        assert 0.3 * c["input_tokens"] - 1 <= c["cache_read_tokens"] <= 0.9 * c["input_tokens"] + 1
    for c in writes:
        p = drawn_price(c)
        assert p.cache_write_usd_per_mtok > p.input_usd_per_mtok and c["cache_read_tokens"] == 0


def test_budget_fallbacks_switch_to_the_cheapest_fast_model(small) -> None:
    budgets = {b["organization_id"]: b for b in small.budgets.to_pylist()}
    assert budgets and all(b["enforcement"] == "fallback" and b["monthly_budget_usd"] > 0
                           for b in budgets.values())
    assert all(b["valid_from"] == small.params.window_start.date() for b in budgets.values())
    switched = small.calls.filter(pc.is_valid(small.calls.column("requested_model"))).to_pylist()
    assert switched
    for c in switched:
        b = budgets[c["organization_id"]]
        assert c["model"] == b["fallback_model"] and c["provider"] == b["fallback_provider"]
        assert c["requested_model"] != c["model"]
