"""Benchmark of the loader (catalogue §3; target: 1 M simulated call rows into raw.* in ≤ 5 s).

Prints a table of figures and asserts nothing: a first load of the simulator's 1 M-row Parquet
calls batch, a reload of the same batch (the idempotent replace), and ``import-csv`` + load of the
same calls as a seed-001 CSV (the text path, with every §3 check). Run it with ``nice``: the
machine is shared.

    nice .venv/bin/python bench/bench_load.py [--rows 1000000] [--csv-rows 300000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from include.loading.api import import_csv, load_files
from include.reference import schema_columns
from include.warehouse import connect_read, connect_write
from simulator.api import SimulationParams, run_simulation

T = TypeVar("T")
ROWS: list[tuple[str, int, float, float, float]] = []


def timed(label: str, rows: int, size_mb: float, fn: Callable[[], T]) -> T:
    """Run ``fn``, record wall and CPU seconds (CPU counts DuckDB's threads; on a shared machine
    the wall figure includes waiting for a core, the CPU figure does not)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    ROWS.append((label, rows, size_mb, time.perf_counter() - start, time.process_time() - cpu))
    return result


def plain_insert(warehouse: Path, parquet: Path) -> None:
    """The floor: the same rows copied into a raw.calls-shaped table with no validation at all
    (with the loader's bulk-insert setting, so the two figures compare like with like)."""
    names = ", ".join(f'"{c["column_name"]}"' for c in schema_columns("call"))
    with connect_write(warehouse) as con:
        con.execute("set preserve_insertion_order = false")
        con.execute("create or replace table main.floor_calls as select * from raw.calls limit 0")
        con.execute(
            f"insert into main.floor_calls select {names}, 'simulator', 'floor', file_row_number + 1, now()"
            " from read_parquet(?, file_row_number = true)",
            [str(parquet)],
        )
        con.execute("drop table main.floor_calls")


def simulate(rows: int, folder: Path, csv_rows: int) -> tuple[Path, Path | None]:
    """One Parquet calls batch of ``rows`` rows (and the seed-001 CSV of a smaller run)."""
    window_end = datetime(2026, 1, 1, tzinfo=UTC)
    manifest = run_simulation(
        SimulationParams(seed=7, rows=rows, window_end=window_end, window_days=30),
        folder / "landing",
        part_rows=rows,
    )
    calls = [f for f in manifest["files"] if f["kind"] == "calls"]
    parquet = folder / "landing" / calls[0]["path"]
    csv_path = None
    if csv_rows:
        csv_path = folder / "seed001.csv"
        run_simulation(
            SimulationParams(seed=8, rows=csv_rows, window_end=window_end, window_days=30),
            folder / "csv_landing",
            csv_path=csv_path,
        )
    return parquet, csv_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv-rows", type=int, default=300_000, help="0 skips the CSV figures")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="finops-bench-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        warehouse = folder / "warehouse.duckdb"
        warehouse.unlink(missing_ok=True)
        start = time.perf_counter()
        parquet, csv_path = simulate(args.rows, folder, args.csv_rows)
        print(f"simulated inputs in {time.perf_counter() - start:.1f} s (not part of the figures)")
        pq_mb = parquet.stat().st_size / 1e6
        first = timed(
            "load Parquet batch (first load)", args.rows, pq_mb, lambda: load_files(warehouse, [parquet])
        )
        again = timed(
            "reload same batch (replace)", args.rows, pq_mb, lambda: load_files(warehouse, [parquet])
        )
        timed("floor: plain INSERT from Parquet", args.rows, pq_mb, lambda: plain_insert(warehouse, parquet))
        with connect_read(warehouse) as con:
            (n_calls,) = con.execute("select count(*) from raw.calls").fetchone()
        checks = [
            f"first load: accepted={first.rows_accepted:,} quarantined={first.rows_quarantined:,} "
            f"reconciles={first.reconciles}",
            f"after reload raw.calls has {n_calls:,} rows (accepted {again.rows_accepted:,})",
        ]
        if csv_path is not None:
            csv_mb = csv_path.stat().st_size / 1e6
            landed = timed(
                "import-csv (file checks + land)",
                args.csv_rows,
                csv_mb,
                lambda: import_csv(csv_path, folder / "landing"),
            )
            report = timed(
                "load CSV batch (text path)", args.csv_rows, csv_mb, lambda: load_files(warehouse, [landed])
            )
            checks.append(
                f"CSV: accepted={report.rows_accepted:,} quarantined={report.rows_quarantined:,} "
                f"reconciles={report.reconciles}"
            )
        print(f"\n{'step':<34} {'rows':>10} {'MB':>8} {'wall s':>8} {'CPU s':>8} {'rows/s':>12}")
        for label, rows, size_mb, seconds, cpu in ROWS:
            rate = rows / seconds
            print(f"{label:<34} {rows:>10,} {size_mb:>8.1f} {seconds:>8.2f} {cpu:>8.2f} {rate:>12,.0f}")
        print()
        for line in checks:
            print(line)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
