"""Benchmark of the analytics API (issue 5 targets: analytics GET p95 ≤ 50 ms on a warehouse of
1 M calls; tracking POST throughput ≥ 2,000/s with nothing lost).

Prints a table and asserts nothing. Steps: simulate ``--rows`` calls, load them, ``dbt build -s
+<each served mart>`` (skipped with ``--warehouse`` pointing at a built one), refresh the
serving snapshot, start ``finops api`` in its own process, then

* each analytics GET ``--requests`` times from one keep-alive client (p50/p95/max in ms), for the
  organization with the most calls;
* ``--posts`` tracking POSTs of single calls from ``--clients`` concurrent keep-alive connections
  (a minimal asyncio HTTP/1.1 client, so the client costs little CPU beside the server), then the
  ledger is sealed (server stopped) and the landing zone loaded: accepted rows must equal posts.

Wall figures on a shared 2-core machine include waiting for a core; the server's CPU seconds
(from /proc) are printed beside them. Run it with ``nice``:

    nice .venv/bin/python bench/bench_api.py [--rows 1000000] [--warehouse PATH] [--keep DIR]
        [--workers N]

``--keep DIR`` keeps the built warehouse in ``DIR/warehouse.duckdb``; pass it to ``--warehouse``
on later runs to skip the ~2 minute build.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb
import httpx

from api.devdata import build_served_warehouse
from include.loading.api import load_landing
from include.settings import PROJECT_ROOT

VENV_BIN = PROJECT_ROOT / ".venv" / "bin"


def build_warehouse(root: Path, rows: int) -> Path:
    """Simulate, load and build the served marts (no data tests: this is a benchmark)."""
    t = time.perf_counter()
    try:
        warehouse = build_served_warehouse(root, rows, data_tests=False, timeout=7200)
    except RuntimeError as exc:
        sys.exit(str(exc))
    print(f"built a warehouse of {rows:,} calls in {time.perf_counter() - t:.0f} s", flush=True)
    return warehouse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants (the uvicorn workers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:  # a process that just ended
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(c)) for c in children)


def start_server(
    env: dict[str, str], port: int, warehouse: Path, workers: int | None
) -> subprocess.Popen:
    command = [str(VENV_BIN / "finops"), "api", "--port", str(port), "--warehouse", str(warehouse)]
    proc = subprocess.Popen(command + (["--workers", str(workers)] if workers else []), env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("the API did not start within 120 s")


def get_latencies(
    base: str, key: str, org: str, requests: int, pid: int
) -> list[tuple[str, list[float], float]]:
    """Per endpoint: the latencies in ms and the server's CPU ms per request."""
    with httpx.Client(base_url=base, headers={"X-API-Key": key}, timeout=60) as c:
        con = duckdb.connect(os.environ["BENCH_SNAPSHOT"], read_only=True)
        top = con.execute(
            "select workflow_name from rpt_agents__workflow_performance where organization_id = ? "
            "order by total_executions desc, workflow_name limit 1",
            [org],
        ).fetchone()
        name = top[0] if top else "none"
        wid = con.execute(
            "select workflow_id from rpt_agents__workflow_executions where organization_id = ? "
            "order by calls desc, workflow_id limit 1",
            [org],
        ).fetchone()
        con.close()
        paths = [
            ("agents", "/v1/finops/analytics/agents", {}),
            ("models", "/v1/finops/analytics/models", {}),
            ("sessions", "/v1/finops/analytics/sessions", {}),
            ("workflow", f"/v1/finops/analytics/workflows/{name}", {"period": "all"}),
            ("chain", f"/v1/finops/analytics/chains/{wid[0] if wid else 'none'}", {}),
            ("attribution user", "/v1/finops/analytics/attribution", {"group_by": "user"}),
            ("opportunities", "/v1/finops/optimization/opportunities", {}),
            ("dashboard 30d", "/v1/finops/dashboard/overview", {"period": "30d"}),
            ("export (json)", "/v1/finops/export/report", {}),
        ]
        out = []
        for label, path, params in paths:
            assert c.get(path, params=params).status_code == 200, path
            times = []
            cpu = cpu_seconds(pid)
            for _ in range(requests):
                t = time.perf_counter()
                r = c.get(path, params=params)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
            out.append((label, times, (cpu_seconds(pid) - cpu) * 1000 / requests))
        return out


async def post_flood(port: int, key: str, posts: int, clients: int) -> tuple[float, dict[int, int]]:
    """``posts`` single-call POSTs over ``clients`` keep-alive connections; returns wall s, codes."""
    codes: dict[int, int] = {}
    counter = iter(range(posts))

    def request(i: int) -> bytes:
        body = json.dumps(
            {
                "call_id": f"bench_{i:08d}",
                "timestamp": "2026-01-01T00:00:00Z",
                "model": "gpt-4o",
                "customer_id": "cust_bench",
                "agent_name": "Bench",
                "input_tokens": 100 + i % 50,
                "output_tokens": 20,
            }
        ).encode()
        head = (
            f"POST /v1/finops/calls/track HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: {key}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode()
        return head + body

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for i in counter:
            writer.write(request(i))
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            codes[status] = codes.get(status, 0) + 1
        writer.close()

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - t, codes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--warehouse", type=Path, help="an already built warehouse (skips simulate/load/dbt)")
    ap.add_argument("--requests", type=int, default=200, help="GETs per endpoint")
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument(
        "--workers", type=int, help="server processes (default: what `finops api` picks, one per two cores)"
    )
    ap.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (the warehouse: DIR/warehouse.duckdb)"
    )
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-api-"))
    root.mkdir(parents=True, exist_ok=True)
    warehouse = args.warehouse or build_warehouse(root, args.rows)
    data = root / "api-data"
    shutil.rmtree(data, ignore_errors=True)
    env = {**os.environ, "FINOPS_DATA_DIR": str(data), "FINOPS_WAREHOUSE_PATH": str(warehouse)}
    os.environ.update(env)
    from api.auth import KeyStore
    from api.settings import api_settings
    from api.snapshot import refresh_snapshot

    settings = api_settings()
    t = time.perf_counter()
    snapshot = refresh_snapshot(warehouse, settings.snapshot_path)
    snapshot_s = time.perf_counter() - t
    os.environ["BENCH_SNAPSHOT"] = str(snapshot)
    con = duckdb.connect(str(warehouse), read_only=True)
    calls = con.execute("select count(*) from raw.calls").fetchone()[0]
    org = con.execute(
        "select organization_id from raw.calls group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()[0]
    con.close()
    key = KeyStore(settings.keys_path).create(org)
    bench_key = KeyStore(settings.keys_path).create("org_bench")
    port = free_port()
    proc = start_server(env, port, warehouse, args.workers)
    time.sleep(3)  # let every worker finish importing before anything is timed
    try:
        latencies = get_latencies(f"http://127.0.0.1:{port}", key, org, args.requests, proc.pid)
        load_before = os.getloadavg()[0]
        cpu0 = cpu_seconds(proc.pid)
        wall, codes = asyncio.run(post_flood(port, bench_key, args.posts, args.clients))
        server_cpu = cpu_seconds(proc.pid) - cpu0
        load_after = os.getloadavg()[0]
    finally:
        proc.send_signal(signal.SIGINT)  # graceful: the ledger seals on shutdown
        proc.wait(timeout=120)
    report = load_landing(root / "posted.duckdb", settings.landing_dir)
    accepted = sum(b.rows_accepted for b in report.batches if b.kind == "calls")

    print(
        f"\nwarehouse: {calls:,} calls; serving snapshot refreshed in {snapshot_s:.1f} s; organization {org}"
    )
    print(
        f"\n{'analytics GET':<20}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'srv CPU ms':>11}"
        "  target p95 ≤ 50 ms"
    )
    for label, times, cpu_ms in latencies:
        q = statistics.quantiles(times, n=100, method="inclusive")
        print(f"{label:<20}{len(times):>6}{q[49]:>10.1f}{q[94]:>10.1f}{max(times):>10.1f}{cpu_ms:>11.1f}")
    print(
        f"\n{'tracking POST':<20}{'posts':>8}{'clients':>8}{'wall s':>8}{'posts/s':>9}{'srv CPU s':>10}"
        f"{'posts/CPU-s':>12}  target ≥ 2,000/s"
    )
    print(
        f"{'calls/track':<20}{args.posts:>8}{args.clients:>8}{wall:>8.1f}{args.posts / wall:>9.0f}"
        f"{server_cpu:>10.1f}{args.posts / server_cpu:>12.0f}"
    )
    print(f"status codes {codes}; loader accepted {accepted:,} of {args.posts:,} posted calls")
    print(
        f"server processes: {args.workers or 'finops api default'}; 1-min load average "
        f"{load_before:.2f} before the posts, {load_after:.2f} after ({os.cpu_count()} cores)"
    )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
