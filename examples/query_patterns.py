"""Seed 000, query patterns and the unprofitable-customer scenario, over calls the SDK landed.

The platform answers these questions in dbt marts; this example shows that what the SDK writes
into the landing zone carries every dimension they need (provider, customer, organization,
product, feature, tier, day), by computing them directly from the landed JSONL batches.

Run: ``.venv/bin/python examples/query_patterns.py``
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from _support import file_tracker, landed_calls, tier_prices, workspace
from finops_sdk import MetadataBuilder

TIER_PRICE = tier_prices()  # the platform's tiers seed (catalogue §4.5)


def simulate(tracker) -> None:
    rng = random.Random(7)
    customers = [
        ("cust_0001", "org_001", "starter"),
        ("cust_0002", "org_001", "pro"),
        ("cust_0003", "org_002", "pro"),
    ]
    models = [("openai", "gpt-4o"), ("anthropic", "claude-sonnet-4-5"), ("aws-bedrock", "amazon-nova-lite")]
    day0 = datetime(2025, 11, 19, tzinfo=UTC)
    for i in range(300):
        customer, org, tier = customers[i % 3]
        provider, model = models[rng.randrange(3)]
        md = (
            MetadataBuilder()
            .customer(customer)
            .organization(org)
            .tier(tier, TIER_PRICE[tier])
            .product("product_a" if i % 4 else "product_b")
            .feature(rng.choice(["chat", "summarization"]))
            .environment("production")
            .build()
        )
        heavy = 100 if customer == "cust_0001" else 1  # one starter customer uses far too much
        tracker.track_call(
            provider=provider,
            model=model,
            input_tokens=rng.randint(500, 4000) * heavy,
            output_tokens=rng.randint(100, 800) * heavy,
            latency_ms=rng.uniform(200, 3000),
            timestamp=day0 + timedelta(days=i // 100, minutes=i),
            metadata=md,
        )


def main() -> None:
    root = workspace()
    tracker = file_tracker(root)
    simulate(tracker)
    tracker.close()
    calls = landed_calls(root)

    def group(key) -> dict:
        out: dict = defaultdict(float)
        for c in calls:
            out[key(c)] += c["cost_usd"]
        return {k: round(v, 4) for k, v in sorted(out.items())}

    print("cost by provider:", group(lambda c: c["provider"]))
    print("cost by customer:", group(lambda c: c["customer_id"]))
    print("cost by (org, product):", group(lambda c: (c["organization_id"], c["product_id"])))
    print("daily cost trend:", group(lambda c: c["timestamp"][:10]))
    features: dict = defaultdict(lambda: {"calls": 0, "cost": 0.0, "latency": 0.0})
    for c in calls:
        f = features[c["feature_id"]]
        f["calls"] += 1
        f["cost"] += c["cost_usd"]
        f["latency"] += c["latency_ms"]
    for name, f in sorted(features.items()):
        print(
            f"feature {name}: {f['calls']} calls, ${f['cost'] / f['calls']:.5f}/call, "
            f"{f['latency'] / f['calls']:.0f} ms avg"
        )
    # scenario: customers who cost more to serve than their subscription brings in
    by_customer = group(lambda c: (c["customer_id"], c["subscription_tier"]))
    unprofitable = [
        (cust, tier, cost - TIER_PRICE[tier])
        for (cust, tier), cost in by_customer.items()
        if cost > TIER_PRICE[tier]
    ]
    for cust, tier, loss in unprofitable:
        print(
            f"unprofitable: {cust} ({tier}) loses ${loss:.2f}: implement a usage cap or move to a higher tier"
        )
    print(f"found {len(unprofitable)} unprofitable customers")


if __name__ == "__main__":
    main()
