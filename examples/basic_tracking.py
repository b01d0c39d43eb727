"""Seed 000, basic instrumentation: record one AI call and get its id back.

``track_call`` only validates, prices and appends the event to a write-ahead spool; a background
thread delivers it to the landing zone, where the platform's loader picks it up.

Run: ``.venv/bin/python examples/basic_tracking.py``
"""

from __future__ import annotations

from _support import file_tracker, landed_calls, workspace
from finops_sdk import MetadataBuilder


def main() -> None:
    root = workspace()
    tracker = file_tracker(root)
    metadata = (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_001")
        .product("saas-platform")
        .feature("chat")
        .tier("pro", 199)
        .environment("production")
        .build()
    )
    call_id = tracker.track_call(
        provider="openai",
        model="gpt-4o",
        input_tokens=150,
        output_tokens=300,
        latency_ms=1250,
        metadata=metadata,
    )
    print(f"Tracked call: {call_id}")
    # a cost reported by the provider or the gateway wins over the price book
    reported = tracker.track_call(
        provider="anthropic",
        model="claude-sonnet-4-5",
        input_tokens=150,
        output_tokens=300,
        cost_usd=0.0135,
        latency_ms=900,
        metadata=metadata,
    )
    tracker.flush()
    tracker.close()
    rows = {row["call_id"]: row for row in landed_calls(root)}
    computed = rows[call_id]
    print(f"computed cost: ${computed['cost_usd']:.6f} ({computed['cost_source']}, price book gpt-4o)")
    print(f"reported cost: ${rows[reported]['cost_usd']:.6f} ({rows[reported]['cost_source']})")
    batches = sorted(p.name for p in (root / "landing" / "sdk" / "calls").glob("*.jsonl"))
    print(f"landing files: {len(batches)} under landing/sdk/calls/")


if __name__ == "__main__":
    main()
