"""The cost calculator reads dbt's price book: cache-aware, overrides, never a silent $0."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from finops_sdk import Cost, CostCalculator, Price, UnknownModelError, ValidationError

from include.reference import price_book as reference_price_book

REFERENCE = {(r.provider, r.model): r for r in reference_price_book()}


def reference_cost(provider: str, model: str, inp: int, out: int, read: int = 0, write: int = 0) -> float:
    """Catalogue §4.3, written out independently from the SDK's implementation."""
    r = REFERENCE[(provider, model)]
    return (
        (inp - read - write) * r.input_usd_per_mtok
        + read * r.cached_input_usd_per_mtok
        + write * r.cache_write_usd_per_mtok
        + out * r.output_usd_per_mtok
    ) / 1e6


@pytest.fixture(scope="module")
def calc() -> CostCalculator:
    return CostCalculator()


def test_the_sdk_reads_exactly_the_platform_price_book(calc):
    assert len(calc.rows) == len(REFERENCE) >= 50
    for row in calc.rows:
        ref = REFERENCE[(row.provider, row.model)]
        assert (row.input, row.output, row.cached_input, row.cache_write) == (
            ref.input_usd_per_mtok,
            ref.output_usd_per_mtok,
            ref.cached_input_usd_per_mtok,
            ref.cache_write_usd_per_mtok,
        )
        assert (row.price_version_id, row.valid_from, row.valid_to) == (
            ref.price_version_id,
            ref.valid_from,
            ref.valid_to,
        )


@pytest.mark.parametrize(
    ("provider", "model"),
    [
        ("openai", "gpt-4o"),
        ("anthropic", "claude-sonnet-4-5"),
        ("anthropic", "claude-opus-4-1"),
        ("aws-bedrock", "amazon-nova-micro"),
        ("google", "gemini-2.5-flash"),
        ("cohere", "command-r7b"),
    ],
)
def test_costs_match_the_reference_rows_and_no_token_is_priced_twice(calc, provider, model):
    cost = calc.calculate(
        model, 10_000, 2_000, cache_read_tokens=6_000, cache_creation_tokens=1_000, provider=provider
    )
    assert cost.priced and cost.model == model
    assert cost.usd == pytest.approx(reference_cost(provider, model, 10_000, 2_000, 6_000, 1_000), rel=1e-12)
    # input counts every prompt token once: moving tokens into the cache never adds cost for them
    uncached = calc.calculate(model, 10_000, 2_000, provider=provider).usd
    ref = REFERENCE[(provider, model)]
    delta = (
        6_000 * (ref.input_usd_per_mtok - ref.cached_input_usd_per_mtok) / 1e6
        - 1_000 * (ref.cache_write_usd_per_mtok - ref.input_usd_per_mtok) / 1e6
    )
    assert uncached - cost.usd == pytest.approx(delta, abs=1e-15)  # the §4.3 cache savings, exactly


def test_known_figure_gpt_4o():
    # 1M uncached input + 1M output of gpt-4o = $2.50 + $10.00
    assert CostCalculator().calculate("gpt-4o", 1_000_000, 1_000_000).usd == pytest.approx(12.5)


@pytest.mark.parametrize(
    ("spelled", "provider", "model"),
    [
        ("gpt-4o-2024-08-06", "openai", "gpt-4o"),
        ("claude-sonnet-4-5-20250929", "anthropic", "claude-sonnet-4-5"),
        ("claude-sonnet-4.5", None, "claude-sonnet-4-5"),
        ("GPT-4o", None, "gpt-4o"),
        ("openai/gpt-4.1-mini", None, "gpt-4.1-mini"),
        ("gpt-4o", "azure", "azure-gpt-4o"),
        ("claude-sonnet-4-5", "bedrock", "bedrock-claude-sonnet-4-5"),
    ],
)
def test_provider_spellings_of_model_names_resolve(calc, spelled, provider, model):
    assert calc.price_for(spelled, provider).model == model


def test_unknown_model_is_a_clear_error_or_an_unpriced_flag_never_zero(calc):
    with pytest.raises(UnknownModelError) as info:
        calc.calculate("gpt-4oo", 100, 10)
    message = str(info.value)
    assert "'gpt-4oo'" in message and "price_book.csv" in message and "gpt-4o" in info.value.suggestions
    flagged = calc.calculate("my-private-model", 100, 10, on_unknown="flag")
    assert flagged == Cost(None, False, None, None)
    with pytest.raises(UnknownModelError):
        calc.price_for("gpt-4o", "anthropic")  # known model, wrong provider: not silently repriced


def test_overrides_explicit_prices_aliases_and_provider_scoped():
    calc = CostCalculator(
        overrides={
            "support-ft-v3": Price(input=4.0, output=16.0, cached_input=1.0),
            "prod-east-deployment": "gpt-4.1",
            "azure/gpt-4o": Price(input=2.0, output=8.0),  # a negotiated rate for one provider only
        }
    )
    ft = calc.calculate("support-ft-v3", 1_000_000, 1_000_000, cache_read_tokens=500_000)
    assert ft.usd == pytest.approx(0.5 * 4.0 + 0.5 * 1.0 + 16.0) and ft.price_version_id == "override"
    assert calc.price_for("prod-east-deployment").model == "gpt-4.1"
    assert calc.calculate("gpt-4o", 1_000_000, 0, provider="azure").usd == pytest.approx(2.0)
    assert calc.calculate("gpt-4o", 1_000_000, 0, provider="openai").usd == pytest.approx(2.5)
    with pytest.raises(ValidationError):
        Price(input=-1, output=1)


def test_the_row_valid_at_the_call_time_is_used():
    old = Price(1.0, 2.0, price_version_id="m@2024", model="m", provider="p", valid_to=date(2025, 6, 1))
    new = Price(0.5, 1.0, price_version_id="m@2025", model="m", provider="p", valid_from=date(2025, 6, 1))
    calc = CostCalculator(price_book=(old, new))
    assert calc.calculate("m", 1_000_000, 0, at=date(2025, 5, 31)).price_version_id == "m@2024"
    assert calc.calculate("m", 1_000_000, 0, at=datetime(2025, 6, 1, 0, 0)).price_version_id == "m@2025"
    with pytest.raises(UnknownModelError):
        CostCalculator(price_book=(old,)).price_for("m", at=date(2025, 7, 1))  # no row valid then


def test_impossible_token_counts_are_refused(calc):
    with pytest.raises(ValidationError, match="input_tokens counts all prompt tokens"):
        calc.calculate("gpt-4o", 100, 10, cache_read_tokens=80, cache_creation_tokens=30)
