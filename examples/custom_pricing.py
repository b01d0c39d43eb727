"""Seed 004, custom pricing: the platform's price book plus per-deployment overrides.

Prices come from ``dbt_project/seeds/price_book.csv`` (the same file dbt and the simulator
read). Overrides map a deployment or fine-tune either to explicit prices or to a catalogue model;
an unknown model is an error (or an explicit ``unpriced`` flag), never a silent $0.

Run: ``.venv/bin/python examples/custom_pricing.py``
"""

from __future__ import annotations

from _support import workspace
from finops_sdk import CostCalculator, CostTracker, Price, UnknownModelError


def main() -> None:
    book = CostCalculator()
    cost = book.calculate("gpt-4o", 10_000, 1_000, cache_read_tokens=6_000)
    print(f"gpt-4o, 10k in (6k cached) + 1k out: ${cost.usd:.6f} ({cost.price_version_id})")
    print(
        "dated snapshot claude-sonnet-4-5-20250929 prices as",
        book.price_for("claude-sonnet-4-5-20250929").model,
    )

    custom_pricing = CostCalculator(
        overrides={
            "custom-model": Price(input=20.0, output=40.0),  # USD per 1M tokens
            "custom-local": Price(input=0.2, output=0.2),
            "eu-prod-gpt4o": "azure-gpt-4o",  # an Azure deployment name priced like its model
        }
    )
    for model in ("custom-model", "custom-local", "eu-prod-gpt4o"):
        c = custom_pricing.calculate(model, 1_000_000, 100_000)
        print(f"{model}: 1M in + 100k out = ${c.usd:.4f} ({c.price_version_id})")
    try:
        book.calculate("gpt-4-0", 1000, 100)
    except UnknownModelError as exc:
        print(f"unknown model: {exc}")
    flagged = book.calculate("my-private-model", 1000, 100, on_unknown="flag")
    print(f"or flagged: priced={flagged.priced} usd={flagged.usd}")

    custom_tracker = CostTracker(workspace() / "budgets.sqlite3", calculator=custom_pricing)
    with custom_tracker.track_tokens_sync("acme", "custom-model", 1000) as usage:
        usage["input_tokens"], usage["output_tokens"] = 1000, 500
    print(f"tracked with custom pricing: ${custom_tracker.tenant_stats('acme')['daily_cost_usd']:.6f}")


if __name__ == "__main__":
    main()
