"""``finops api --workers 2``: two server processes share one ledger, so nothing is lost or doubled.

Every call id is posted twice at once on fresh connections (the kernel hands each connection to
either worker), so the two posts of an id often reach different processes: exactly one must be
accepted and the other answered as a duplicate, and after a graceful stop (which seals in every
worker) the loader must accept each posted call exactly once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx
from api_server import free_port

from api.auth import KeyStore
from include.loading.api import load_landing
from include.settings import PROJECT_ROOT

CALLS = 600


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(p) for p in found]


def test_two_workers_accept_each_call_exactly_once(tmp_path: Path) -> None:
    env = {**os.environ, "FINOPS_DATA_DIR": str(tmp_path), "FINOPS_API_SEAL_SECONDS": "0.3"}
    env.pop("FINOPS_WAREHOUSE_PATH", None)
    env.pop("FINOPS_API_SNAPSHOT_PATH", None)
    env.pop("FINOPS_LANDING_DIR", None)
    key = KeyStore(tmp_path / "api" / "keys.sqlite").create("org_workers")
    port = free_port()
    proc = subprocess.Popen(
        [str(PROJECT_ROOT / ".venv" / "bin" / "finops"), "api", "--port", str(port), "--workers", "2"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "finops api did not start"
                time.sleep(0.2)
        while len(_children(proc.pid)) < 2:  # the second worker may still be importing
            assert time.monotonic() < deadline, "finops api did not start two workers"
            time.sleep(0.2)

        def post(i: int) -> str:
            # a client per post: every post opens its own connection, which either worker may
            # accept (one client shared by the threads without keep-alive broke sockets under
            # load: EBADF in httpcore)
            body = {
                "call_id": f"w_{i:05d}",
                "timestamp": "2026-01-02T03:04:05Z",
                "customer_id": "cust_1",
                "model": "gpt-4o-mini",
                "input_tokens": 10 + i,
                "output_tokens": 5,
            }
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key},
                              timeout=30) as http:
                r = http.post("/v1/finops/calls/track", json=body)
            assert r.status_code == 202, r.text
            return r.json()["status"]

        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(post, [i for i in range(CALLS) for _ in range(2)]))
        pairs = [sorted(statuses[2 * i : 2 * i + 2]) for i in range(CALLS)]
        wrong = [(i, p) for i, p in enumerate(pairs) if p != ["accepted", "duplicate"]]
        assert not wrong, wrong[:5]
    finally:
        proc.send_signal(signal.SIGINT)  # the parent stops both workers; each seals the ledger
        proc.wait(timeout=120)
    warehouse = tmp_path / "loaded.duckdb"
    report = load_landing(warehouse, tmp_path / "landing")
    assert sum(b.rows_accepted for b in report.batches) == CALLS
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        n, distinct = con.execute("select count(*), count(distinct call_id) from raw.calls").fetchone()
    finally:
        con.close()
    assert (n, distinct) == (CALLS, CALLS)
