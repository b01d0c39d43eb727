"""Benchmark of the simulator (catalogue §5; target: ≥ 1,000,000 call rows/s at 1 M rows).

Prints a table of figures and asserts nothing: in-memory generation (``generate``), a full landing
run (``run_simulation``: generation + Parquet batches + manifest) and writing the seed-001 CSV.
Throughput is given in rows/s and in MB/s of CSV-equivalent data (the size of the same calls as a
seed-001 CSV, measured by writing it once). Run it with ``nice``: the machine is shared, so the
load average before and after is printed too (wall seconds only mean something on a quiet machine;
CPU seconds count every thread and barely depend on the load).

    nice .venv/bin/python bench/bench_simulator.py [--rows 1000000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.api import SimulationParams, generate, run_simulation
from simulator.writers import write_csv


def best_of(repeat: int, fn) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of ``repeat`` runs. The machine is shared: the minimum is
    the least noisy wall figure, and CPU seconds (all threads) do not count waiting for a core."""
    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the fastest is shown")
    args = parser.parse_args()
    params = SimulationParams(
        seed=42, rows=args.rows, window_days=30, window_end=datetime(2026, 1, 1, tzinfo=UTC)
    )
    folder = Path(tempfile.mkdtemp(prefix="finops-bench-sim-"))
    load_before = os.getloadavg()[0]
    try:
        result = generate(params)  # warm-up (imports, caches) and the table for the CSV figure
        csv_path = folder / "calls.csv"
        csv_times = best_of(min(args.repeat, 2), lambda: write_csv(result.calls, csv_path))
        csv_mb = csv_path.stat().st_size / 1e6
        rows = result.calls.num_rows
        figures = [
            ("generate (in memory)", best_of(args.repeat, lambda: generate(params))),
            (
                "run_simulation (Parquet landing)",
                best_of(args.repeat, lambda: run_simulation(params, folder / "landing")),
            ),
            ("write seed-001 CSV", csv_times),
        ]
        print(f"{os.cpu_count()} cores; 1-minute load average {load_before:.2f} before, "
              f"{os.getloadavg()[0]:.2f} after")
        print(
            f"{rows:,} call rows; CSV-equivalent size {csv_mb:.1f} MB ({csv_mb * 1e6 / rows:.0f} bytes/row)"
        )
        heads = (("wall s", 8), ("CPU s", 8), ("rows/s", 12), ("MB/s (CSV eq.)", 15), ("rows/CPU-s", 12))
        print(f"\n{'step':<34} " + " ".join(f"{h:>{w}}" for h, w in heads))
        for label, (seconds, cpu) in figures:
            print(
                f"{label:<34} {seconds:>8.2f} {cpu:>8.2f} {rows / seconds:>12,.0f} {csv_mb / seconds:>15.1f}"
                f" {rows / cpu:>12,.0f}"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
