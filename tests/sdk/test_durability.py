"""Nothing is lost at exit or across a ``kill -9``: subprocesses write, die, and are restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from conftest import landed

CHILD = textwrap.dedent(
    """
    import sys, time
    from finops_sdk import CircuitBreaker, MetadataBuilder, RetryPolicy, Tracker

    mode, sink, target, spool, n = sys.argv[1:6]
    kwargs = {"endpoint": target} if sink == "http" else {"landing_dir": target}
    tracker = Tracker(
        sink, spool_dir=spool, batch_size=7, flush_interval_s=0.01,
        retry=RetryPolicy(attempts=1, base_delay_s=0.01),
        breaker=CircuitBreaker(failure_threshold=1, reset_timeout_s=0.05),
        register_atexit=(mode != "track-forever"), **kwargs,
    )
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    if mode == "drain":
        ok = tracker.flush(20)
        tracker.close()
        print("DRAINED" if ok else "NOT-DRAINED", flush=True)
        sys.exit(0)
    for i in range(int(n)):
        call_id = tracker.track_call(provider="openai", model="gpt-4o-mini", input_tokens=i, metadata=md)
        print(call_id, flush=True)  # printed only after track_call returned
    print("DONE", flush=True)
    if mode == "track-forever":
        time.sleep(120)
    """
)


def child(*args: str | Path) -> list[str]:
    return [sys.executable, "-c", CHILD, *map(str, args)]


def run_until_killed(args: list[str], kill_after: int) -> list[str]:
    """Start the child, read ``kill_after`` returned ids, SIGKILL it; every id it printed so far."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    returned: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.strip()
            if line == "DONE":
                break
            returned.append(line)
            if len(returned) >= kill_after:
                break
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    # lines already in the pipe were printed after track_call returned too
    returned += [x for x in rest.split() if x != "DONE"]
    return returned


def test_flush_on_exit_delivers_everything(tmp_path):
    landing, spool = tmp_path / "landing", tmp_path / "spool"
    out = subprocess.run(
        child("exit", "file", landing, spool, 40), capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    ids = [x for x in out.stdout.split() if x != "DONE"]
    assert len(ids) == 40
    assert sorted(r["call_id"] for r in landed(landing)) == sorted(ids)
    assert not list(spool.glob("calls-*.wal"))


def test_sigkill_while_the_sink_is_down_then_restart_delivers_each_event_once(tmp_path, tracking_server):
    spool = tmp_path / "spool"
    tracking_server.status = 503
    returned = run_until_killed(child("track-forever", "http", tracking_server.url, spool, 300), 300)
    assert len(returned) == 300
    assert tracking_server.calls == []  # nothing got through while the sink was down
    assert list(spool.glob("calls-*.wal"))
    tracking_server.status = 200
    out = subprocess.run(
        child("drain", "http", tracking_server.url, spool, 0), capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "DRAINED", out.stderr
    got = Counter(c["call_id"] for c in tracking_server.calls)
    assert set(got) == set(returned)
    assert max(got.values()) == 1, [k for k, v in got.items() if v > 1][:5]


def test_sigkill_mid_delivery_then_restart_lands_each_event_exactly_once(tmp_path):
    """The sink is up, so batches are being delivered and acknowledged when the process dies."""
    landing, spool = tmp_path / "landing", tmp_path / "spool"
    returned = run_until_killed(child("track-forever", "file", landing, spool, 100_000), 2_000)
    assert len(returned) >= 2_000
    before = {r["call_id"] for r in landed(landing)}
    assert before, "the sink was up: some batches were delivered before the kill"
    out = subprocess.run(
        child("drain", "file", landing, spool, 0), capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "DRAINED", out.stderr
    got = Counter(r["call_id"] for r in landed(landing))
    assert set(returned) <= set(got)  # every event whose track_call returned
    assert max(got.values()) == 1  # and none twice, though batches were replayed
    assert len(got) > len(before)  # the restarted process delivered what the killed one had spooled
