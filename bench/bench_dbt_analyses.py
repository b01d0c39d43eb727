"""Benchmark of the dbt analyses (issue 3 targets: ``dbt build`` of all 13 analyses on 320,000
calls ≤ 12 s wall with dbt start-up included; on 12.7 M calls ≤ 60 s and ≤ 4 GB peak memory).

Simulates the calls with the real simulator, loads them with the real loader, then times dbt as
a user runs it, each figure a fresh ``dbt`` process (start-up, parsing and the adapter included):

* ``dbt build`` of everything (seeds, staging, core, the 13 analyses, agents, recommendations and
  every data test; unit tests excluded because they read no warehouse data),
* ``dbt run`` of the same models without the data tests,
* a second ``dbt build`` (partial parsing warm, tables replaced).

Peak memory is the largest resident set of any dbt child process (``ru_maxrss`` of the
children). Prints a table and asserts nothing. The machine is shared: run it with ``nice`` when
it is quiet; wall figures include waiting for a core.

    nice .venv/bin/python bench/bench_dbt_analyses.py [--rows 320000] [--threads 4] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from include.loading.api import load_files  # noqa: E402
from simulator.api import SimulationParams, run_simulation  # noqa: E402

DBT = ROOT / ".venv" / "bin" / "dbt"
PROJECT = ROOT / "dbt_project"


def dbt(args: list[str], warehouse: Path, target: Path, threads: int) -> tuple[float, float, str]:
    """One dbt process: (wall seconds, peak RSS of any child so far in MB, last output line)."""
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(DBT), *args, "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT),
               "--target-path", str(target), "--threads", str(threads)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=7200, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join(done.stdout.splitlines()[-30:])
        raise SystemExit(f"dbt {' '.join(args)} failed (exit {done.returncode}):\n{tail}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = next((line for line in reversed(done.stdout.splitlines()) if "Done." in line), "")
    return wall, peak_mb, summary.split("Done.")[-1].strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=320_000, help="simulated calls (default 320,000)")
    parser.add_argument("--window-days", type=int, default=30, help="simulated window in days (default 30)")
    parser.add_argument("--threads", type=int, default=4, help="dbt threads (default 4)")
    parser.add_argument("--keep", type=Path, help="keep the warehouse and landing zone in this folder")
    parser.add_argument("--cold-only", action="store_true",
                        help="time only the cold dbt build (for the 12.7 M-call run)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-dbt-"))
    work.mkdir(parents=True, exist_ok=True)
    warehouse, target = work / "warehouse.duckdb", work / "target"
    rows: list[tuple[str, float, str]] = []
    try:
        started = time.perf_counter()
        params = SimulationParams(seed=42, window_end=datetime(2026, 1, 1, tzinfo=UTC),
                                  window_days=args.window_days, rows=args.rows)
        manifest = run_simulation(params, work / "landing")
        files = [Path(b["path"]) if Path(b["path"]).is_absolute() else work / "landing" / b["path"]
                 for b in manifest.get("files", manifest.get("batches", []))]
        report = load_files(warehouse, files)
        rows.append((f"simulate + load {args.rows:,} calls", time.perf_counter() - started,
                     f"read {report.rows_read:,} = accepted {report.rows_accepted:,}"
                     f" + quarantined {report.rows_quarantined:,}"))
        dbt(["seed"], warehouse, target, args.threads)  # seeds are reference data, loaded once
        build = ["build", "--exclude-resource-type", "unit_test"]
        wall, peak, summary = dbt(build, warehouse, target, args.threads)
        rows.append(("dbt build, all analyses + tests (cold)", wall, f"peak {peak:,.0f} MB; {summary}"))
        if not args.cold_only:
            wall, peak, summary = dbt(["run"], warehouse, target, args.threads)
            rows.append(("dbt run, all models (no tests)", wall, f"peak {peak:,.0f} MB; {summary}"))
            wall, peak, summary = dbt(build, warehouse, target, args.threads)
            rows.append(("dbt build again (warm parse)", wall, f"peak {peak:,.0f} MB; {summary}"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\ndbt analyses benchmark: {args.rows:,} calls, {args.window_days} days, {args.threads} threads, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':<44} {'wall s':>8}  detail")
    for label, wall, detail in rows:
        print(f"{label:<44} {wall:>8.1f}  {detail}")
    print("targets: 320,000 calls ≤ 12 s wall (dbt start-up included); 12.7 M calls ≤ 60 s and ≤ 4 GB")


if __name__ == "__main__":
    main()
