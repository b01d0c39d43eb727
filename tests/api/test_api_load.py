"""Bounded load test: 10,000 tracking posts from 20 concurrent clients on loopback, then the loader.

After the server stops (which seals the ledger), loading the landing zone into a fresh warehouse
must accept exactly the posted calls: none lost, none doubled, re-posts included.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
from api_server import client, new_key, serve, settings_for

from include.loading.api import load_landing

CLIENTS, POSTS_PER_CLIENT = 20, 500


def _call(i: int) -> dict:
    return {
        "call_id": f"load_{i:06d}",
        "timestamp": f"2026-01-0{1 + i % 5}T10:{i % 60:02d}:00Z",
        "customer_id": f"cust_{i % 37:04d}",
        "agent_name": ("Orchestrator", "Analyzer", "Summarizer")[i % 3],
        "model": ("gpt-4o", "gpt-4o-mini")[i % 2],
        "input_tokens": 100 + i % 900,
        "output_tokens": 10 + i % 300,
        "latency_ms": 200.0 + i % 1000,
        "workflow_id": f"wf_{i // 4:05d}",
    }


def test_ten_thousand_posts_none_lost_none_doubled(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, seal_seconds=0.5)
    with serve(settings) as base:
        key = new_key(settings, "org_load")

        def worker(k: int) -> list[int]:
            codes = []
            with client(base, key) as c:
                for i in range(k * POSTS_PER_CLIENT, (k + 1) * POSTS_PER_CLIENT):
                    codes.append(c.post("/v1/finops/calls/track", json=_call(i)).status_code)
            return codes

        with ThreadPoolExecutor(CLIENTS) as pool:
            codes = [code for chunk in pool.map(worker, range(CLIENTS)) for code in chunk]
        assert len(codes) == CLIENTS * POSTS_PER_CLIENT
        assert set(codes) == {202}
        with client(base, key) as c:  # retries of some ids, alone and inside a batch
            again = [
                c.post("/v1/finops/calls/track", json=_call(i)).json()["status"]
                for i in range(0, 10_000, 97)
            ]
            batch = {"batch_id": "retry", "calls": [_call(i) for i in range(500, 600)]}
            redo = c.post("/v1/finops/calls/track", json=batch).json()
        assert set(again) == {"duplicate"} and redo["duplicates"] == 100 and redo["accepted"] == 0
    warehouse = tmp_path / "fresh.duckdb"
    report = load_landing(warehouse, settings.landing_dir)
    assert sum(b.rows_accepted for b in report.batches) == 10_000
    assert sum(b.rows_quarantined for b in report.batches) == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        n, distinct, orgs = con.execute(
            "select count(*), count(distinct call_id), list(distinct organization_id) from raw.calls"
        ).fetchone()
        assert (n, distinct, orgs) == (10_000, 10_000, ["org_load"])
        ids = {r[0] for r in con.execute("select call_id from raw.calls").fetchall()}
        assert ids == {f"load_{i:06d}" for i in range(10_000)}
    finally:
        con.close()
