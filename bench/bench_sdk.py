"""Benchmark of the instrumentation SDK: prints figures, asserts nothing.

1. ``track_call`` on the hot path (validate, price, render the JSONL line, append it to the
   write-ahead spool, enqueue): median and p90 latency in µs, with the delivery thread running;
   once with a built ``Metadata`` and once with a fresh plain dict per call.
2. The file sink: events/s written into the landing zone (``FileSink.send`` of 1,000-event
   batches, temp file + rename each).
3. End to end: events/s from the first ``track_call`` until every event is in landing files.

Run: ``.venv/bin/python bench/bench_sdk.py [--events N]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from finops_sdk import FileSink, MetadataBuilder, Tracker


def bench_hot_path(root: Path, events: int, plain_dict: bool = False) -> tuple[float, float]:
    """``plain_dict``: the application passes a fresh dict per call instead of a built Metadata."""
    spool = root / ("spool-dict" if plain_dict else "spool")
    tracker = Tracker("file", landing_dir=root / "landing", spool_dir=spool, register_atexit=False)
    md = (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_001")
        .feature("chat")
        .environment("production")
        .build()
    )
    samples = []
    clock = time.perf_counter_ns
    for i in range(events):
        metadata = dict(md) if plain_dict else md
        start = clock()
        tracker.track_call(
            provider="openai",
            model="gpt-4o",
            input_tokens=100 + (i & 63),
            output_tokens=50,
            cache_read_tokens=32,
            latency_ms=120.0,
            metadata=metadata,
        )
        samples.append(clock() - start)
    tracker.flush(60)
    tracker.close()
    samples.sort()
    return statistics.median(samples) / 1000, samples[int(len(samples) * 0.9)] / 1000


def bench_file_sink(root: Path, events: int, fsync: bool = False) -> float:
    tracker = Tracker("file", landing_dir=root / "src", spool_dir=root / "spool2", register_atexit=False)
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    for _ in range(1000):
        tracker.track_call(
            provider="anthropic", model="claude-sonnet-4-5", input_tokens=900, output_tokens=120, metadata=md
        )
    tracker.close()
    lines = next((root / "src" / "sdk" / "calls").glob("*.jsonl")).read_bytes().splitlines(keepends=True)
    batch = (lines * (1000 // len(lines) + 1))[:1000]
    sink = FileSink(root / ("landing_sink_fsync" if fsync else "landing_sink"), fsync=fsync)
    start = time.perf_counter()
    for n in range(events // 1000):
        sink.send(f"sdk_bench_{n:06d}", batch)
    return (events // 1000) * 1000 / (time.perf_counter() - start)


def bench_end_to_end(root: Path, events: int) -> float:
    tracker = Tracker("file", landing_dir=root / "e2e", spool_dir=root / "spool3", register_atexit=False)
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    start = time.perf_counter()
    for _ in range(events):
        tracker.track_call(
            provider="openai", model="gpt-4o-mini", input_tokens=100, output_tokens=20, metadata=md
        )
    if not tracker.flush(120):
        raise SystemExit("end-to-end flush timed out")
    elapsed = time.perf_counter() - start
    tracker.close()
    return events / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        median_us, p90_us = bench_hot_path(root, args.events)
        print(
            f"track_call hot path: median {median_us:.1f} µs, p90 {p90_us:.1f} µs over {args.events:,} calls "
            "(target: median <= 20 µs)"
        )
        median_us, p90_us = bench_hot_path(root, args.events, plain_dict=True)
        print(f"track_call with a fresh dict as metadata: median {median_us:.1f} µs, p90 {p90_us:.1f} µs")
        rate = bench_file_sink(root, max(args.events * 4, 100_000))
        print(f"file sink: {rate:,.0f} events/s (1,000-event batches, temp file + rename; target >= 100,000)")
        rate = bench_file_sink(root, max(args.events, 20_000), fsync=True)
        print(f"file sink with fsync per batch (the Tracker's default): {rate:,.0f} events/s")
        e2e = bench_end_to_end(root, args.events)
        print(f"end to end (track_call -> spool -> landing files): {e2e:,.0f} events/s")


if __name__ == "__main__":
    main()
