"""Benchmark of the whole pipeline: the real DAG under ``airflow dags test`` at 1 M simulated rows.

Prints a table of wall time per step (simulate, load_raw, the one dbt build, the per-model
watcher tasks together, marts_built, render_site, publish) and the total, read from the
``[DAG TEST]`` start/end lines Airflow logs for every task, plus the time to parse the DAG file.
Asserts nothing. Everything goes to a temporary FINOPS_DATA_DIR and AIRFLOW_HOME. The machine is
shared: run it with ``nice``.

    nice .venv/bin/python bench/bench_pipeline.py [--rows 1000000] [--window-days 30] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from include.airflow.environment import airflow_environment  # noqa: E402
from include.airflow.setup_db import airflow_executable, prepare_airflow_home  # noqa: E402

LINE = re.compile(r"^(\S+?)Z? .*\[DAG TEST\] (starting|end task) task_id=(\S+)")
TIMEOUT_SECONDS = 4 * 3600


def step_of(task_id: str) -> str:
    """Group the per-model watcher tasks; keep the others by name."""
    if task_id == "dbt.dbt_producer_watcher":
        return "dbt build (producer)"
    if task_id.startswith("dbt."):
        return "dbt model/test tasks"
    return task_id


def step_times(log: str) -> dict[str, tuple[int, float]]:
    """Tasks and summed wall seconds per step, from the [DAG TEST] lines of the log."""
    started: dict[str, datetime] = {}
    steps: dict[str, tuple[int, float]] = {}
    for line in log.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        when, kind, task_id = datetime.fromisoformat(match.group(1)), match.group(2), match.group(3)
        if kind == "starting":
            started[task_id] = when
        elif task_id in started:
            count, seconds = steps.get(step_of(task_id), (0, 0.0))
            steps[step_of(task_id)] = (count + 1, seconds + (when - started.pop(task_id)).total_seconds())
    return steps


def parse_seconds(env: dict[str, str]) -> float:
    code = (
        "import time; from airflow.dag_processing.dagbag import DagBag; t = time.perf_counter(); "
        f"DagBag(dag_folder={str(ROOT / 'dags')!r}); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--window-days", type=int, default=30)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the data here instead of a temp dir.")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="finops-bench-pipeline-"))
    os.environ["FINOPS_DATA_DIR"] = str(root / "data")
    os.environ["AIRFLOW_HOME"] = str(root / "data" / "airflow")
    os.environ.pop("FINOPS_WAREHOUSE_PATH", None)
    env = {**os.environ, **airflow_environment()}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    try:
        prepare_airflow_home(env)
        parse = parse_seconds(env)
        conf = f'{{"rows": {args.rows}, "window_days": {args.window_days}}}'
        started = time.perf_counter()
        result = subprocess.run(
            [airflow_executable(), "dags", "test", "finops_pipeline", "--conf", conf],
            env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
        )
        total = time.perf_counter() - started
        log = result.stdout + result.stderr
        if result.returncode != 0:
            print(log[-4000:], file=sys.stderr)
            sys.exit(f"the DAG run failed (exit {result.returncode}); the log's end is above")
        print(f"finops_pipeline via `airflow dags test`, {args.rows:,} rows, {args.window_days} days, "
              f"{os.cpu_count()} cores")
        print(f"{'step':<24} {'tasks':>6} {'wall s':>9}")
        for step, (count, seconds) in step_times(log).items():
            print(f"{step:<24} {count:>6} {seconds:>9.1f}")
        print(f"{'total (process)':<24} {'':>6} {total:>9.1f}")
        print(f"{'parse the DAG file':<24} {'':>6} {parse:>9.2f}")
        print(f"site: {root / 'data' / 'site' / 'index.html'}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
