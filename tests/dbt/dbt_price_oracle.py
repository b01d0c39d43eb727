"""§4.3 cost of a call in plain Python from include/reference.py: the independent figure the dbt
tests compare the SQL pricing with."""

from __future__ import annotations

from datetime import UTC, datetime

from include.reference import PriceRow, price_book


def price_row_at(provider: str, model: str, at: datetime) -> PriceRow | None:
    """The price row of (provider, model) valid at ``at``: half-open [valid_from, valid_to) in UTC."""
    day = at.astimezone(UTC).date()
    valid = [
        p
        for p in price_book()
        if p.provider == provider
        and p.model == model
        and p.valid_from <= day
        and (p.valid_to is None or day < p.valid_to)
    ]
    assert len(valid) <= 1, f"two price rows valid at {at} for {provider}/{model}: the seed overlaps"
    return valid[0] if valid else None


def list_cost(call: dict) -> float | None:
    """§4.3 list cost of a call (four token buckets); None when no price row applies."""
    price = price_row_at(call["provider"], call["model"], call["timestamp"])
    if price is None:
        return None
    uncached = call["input_tokens"] - call["cache_read_tokens"] - call["cache_creation_tokens"]
    return (
        uncached * price.input_usd_per_mtok
        + call["cache_read_tokens"] * price.cached_input_usd_per_mtok
        + call["cache_creation_tokens"] * price.cache_write_usd_per_mtok
        + call["output_tokens"] * price.output_usd_per_mtok
    ) / 1e6
