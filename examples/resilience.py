"""Seed 000, error handling: retry with backoff and jitter, circuit breaker, nothing lost.

The analytics API's tracking endpoint goes down. ``track_call`` keeps returning at once (the
event is already in the write-ahead spool); the delivery thread retries with exponential
backoff and full jitter, the circuit breaker opens after repeated failures (no more attempts,
events pile up in the spool), lets one trial through after its timeout (half-open) and closes
when the endpoint is back; every event arrives exactly once.

Run: ``.venv/bin/python examples/resilience.py``
"""

from __future__ import annotations

import atexit
import time

from _support import workspace
from finops_sdk import CircuitBreaker, MetadataBuilder, RetryPolicy, Tracker
from finops_sdk.testing import TrackingServer


def main() -> None:
    root = workspace()
    api = TrackingServer().start()
    atexit.register(api.stop)
    transitions: list[str] = []
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout_s=0.3, on_change=transitions.append)
    tracker = Tracker(
        "http",
        endpoint=api.url,
        api_key="local-key",
        spool_dir=root / "spool",
        retry=RetryPolicy(attempts=2, base_delay_s=0.02, max_delay_s=0.1),
        breaker=breaker,
        flush_interval_s=0.05,
    )
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    print(
        "delays after failures 0..4 (ceiling, seconds):",
        [RetryPolicy().delay(n, lambda: 1.0) for n in range(5)],
    )

    api.status = 503  # the endpoint is down
    start = time.perf_counter()
    ids = [
        tracker.track_call(provider="openai", model="gpt-4o", input_tokens=100, metadata=md)
        for _ in range(50)
    ]
    print(f"50 events tracked in {(time.perf_counter() - start) * 1000:.1f} ms while the endpoint is down")
    tracker.flush(1.0)
    stats = tracker.stats()
    print(
        f"circuit: {stats['circuit_state']}, attempts so far: {api.requests}, "
        f"spooled bytes: {stats['spool_backlog_bytes']}"
    )

    api.status = 200  # back up
    delivered = tracker.flush(10)
    received = [call["call_id"] for call in api.calls]
    state = tracker.stats()["circuit_state"]
    print(f"recovered: delivered={delivered}, circuit={state}, transitions={transitions}")
    print(
        f"received {len(received)} events, all tracked ones exactly once: {sorted(received) == sorted(ids)}"
    )
    tracker.close()


if __name__ == "__main__":
    main()
