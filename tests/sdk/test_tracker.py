"""The tracker: ids, the file and HTTP sinks, the bounded queue, retries, the breaker, the spool."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from conftest import landed
from finops_sdk import (
    CircuitBreaker,
    FinOpsError,
    PermanentSinkError,
    RetryPolicy,
    SinkError,
    Tracker,
    ValidationError,
)
from finops_sdk._reference import call_columns
from finops_sdk._resilience import CLOSED, HALF_OPEN, OPEN

BATCH_FILE = re.compile(r"^sdk_[0-9a-f]{13}-[0-9a-f]{6}-[0-9a-f]{6}_\d{12}\.jsonl$")


def track(tracker: Tracker, md, n: int = 1, **kwargs) -> list[str]:
    kwargs = {"provider": "openai", "model": "gpt-4o", "input_tokens": 100, "output_tokens": 20, **kwargs}
    return [tracker.track_call(metadata=md, **kwargs) for _ in range(n)]


class RecordingSink:
    """A sink that keeps what it received; ``fail_next`` failures first, optional gate to block."""

    name = "recording"

    def __init__(self, fail_next: int = 0, gate: threading.Event | None = None, permanent: bool = False):
        self.fail_next = fail_next
        self.gate = gate
        self.permanent = permanent
        self.attempts = 0
        self.batches: dict[str, list[bytes]] = {}
        self.lock = threading.Lock()

    def send(self, batch_id: str, lines: list[bytes]) -> None:
        if self.gate is not None:
            self.gate.wait(10)
        with self.lock:
            self.attempts += 1
            if self.permanent:
                raise PermanentSinkError("rejected (test)")
            if self.fail_next > 0:
                self.fail_next -= 1
                raise SinkError("down (test)")
            self.batches[batch_id] = list(lines)

    def call_ids(self) -> list[str]:
        with self.lock:
            return [json.loads(x)["call_id"] for lines in self.batches.values() for x in lines]

    def close(self) -> None:
        return None


# -- track_call and the file sink ------------------------------------------------------------------
def test_track_call_returns_a_fresh_hex_id_per_call(make_tracker, md):
    tracker = make_tracker()
    ids = track(tracker, md, 50)
    assert len(set(ids)) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert tracker.track_call(provider="openai", model="gpt-4o", metadata=md, call_id="my-id-1") == "my-id-1"


def test_file_sink_writes_schema_jsonl_into_the_landing_layout(make_tracker, md, landing):
    tracker = make_tracker(batch_size=10)
    ids = track(tracker, md, 25, cache_read_tokens=40, latency_ms=12.5)
    assert tracker.flush(10)
    files = sorted((landing / "sdk" / "calls").iterdir())
    assert files and all(BATCH_FILE.match(f.name) for f in files), [f.name for f in files]
    assert len(files) == 3  # 25 events in batches of at most 10
    columns = sorted(call_columns())
    for f in files:
        for line in f.read_text().splitlines():
            assert sorted(json.loads(line)) == columns  # exactly the schema's columns
    rows = landed(landing)
    assert [r["call_id"] for r in rows] == ids
    row = rows[0]
    assert (row["provider"], row["model"], row["customer_id"], row["feature_id"]) == (
        "openai",
        "gpt-4o",
        "cust_0001",
        "chat",
    )
    assert row["total_tokens"] == 120 and row["cache_read_tokens"] == 40
    assert row["cost_source"] == "computed" and row["cost_usd"] == pytest.approx(
        (60 * 2.5 + 40 * 1.25 + 20 * 10) / 1e6
    )
    assert row["client_id"] == "sdk-python" and row["product_id"] == "unknown"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", row["timestamp"])


def test_the_platform_loader_accepts_every_sdk_row(make_tracker, md, landing, tmp_path):
    from include.loading.api import load_landing
    from include.loading.landing import describe

    tracker = make_tracker()
    ids = track(tracker, md, 5)
    ids += track(tracker, md, 2, status="error", error_type="rate_limit")
    ids.append(tracker.track_call(provider="OpenAI", model="gpt-4o-2024-08-06", metadata=md, team="growth"))
    tracker.close()
    files = list((landing / "sdk" / "calls").glob("*.jsonl"))
    described = describe(files[0])
    assert (described.source, described.kind, described.fmt) == ("sdk", "calls", "jsonl")
    report = load_landing(tmp_path / "wh.duckdb", landing).to_dict()
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (8, 8, 0)
    import duckdb

    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        got = dict(con.execute("select call_id, http_status from raw.calls").fetchall())
    assert set(got) == set(ids)
    assert sorted(got.values()).count(429) == 2


def test_invalid_calls_are_refused_before_anything_is_spooled(make_tracker, md):
    tracker = make_tracker()
    with pytest.raises(ValidationError, match="cache_read"):
        tracker.track_call(
            provider="openai", model="gpt-4o", input_tokens=10, cache_read_tokens=11, metadata=md
        )
    with pytest.raises(ValidationError, match="status"):
        tracker.track_call(provider="openai", model="gpt-4o", status="ok", metadata=md)
    with pytest.raises(ValidationError, match="latency_ms"):
        tracker.track_call(provider="openai", model="gpt-4o", latency_ms=float("nan"), metadata=md)
    with pytest.raises(ValidationError, match="customer_id"):
        tracker.track_call(provider="openai", model="gpt-4o", metadata={"feature_id": "chat"})
    assert tracker.stats()["tracked"] == 0


def test_reported_cost_wins_and_unknown_models_are_flagged_not_free(make_tracker, md, landing):
    tracker = make_tracker()
    tracker.track_call(provider="openai", model="gpt-4o", input_tokens=10, cost_usd=0.5, metadata=md)
    with pytest.warns(UserWarning, match="not in the price book"):
        tracker.track_call(provider="openai", model="my-finetune-x", input_tokens=10, metadata=md)
    assert tracker.flush(10)
    reported, unknown = landed(landing)
    assert (reported["cost_usd"], reported["cost_source"]) == (0.5, "reported")
    assert unknown["metadata"]["price_status"] == "unpriced"
    strict = make_tracker(unpriced="error", spool_dir=landing.parent / "spool2")
    with pytest.raises(FinOpsError, match="price book"):
        strict.track_call(provider="openai", model="my-finetune-x", input_tokens=10, metadata=md)


# -- the HTTP sink ----------------------------------------------------------------------------------
def test_http_sink_posts_batches_to_the_tracking_endpoint(make_tracker, md, tracking_server):
    tracker = make_tracker("http", endpoint=tracking_server.url, api_key="k-123", batch_size=4)
    ids = track(tracker, md, 10)
    assert tracker.flush(10)
    batches = tracking_server.batches
    assert [len(b["calls"]) for b in batches] == [4, 4, 2]
    assert all(b["idempotency_key"] == b["batch_id"] and b["batch_id"].startswith("sdk_") for b in batches)
    assert all(b["authorization"] == "Bearer k-123" for b in batches)
    assert [c["call_id"] for c in tracking_server.calls] == ids
    assert sorted(tracking_server.calls[0]) == sorted(call_columns())


def test_http_sink_permanent_rejection_goes_to_dead_letters_not_retried(make_tracker, md, tracking_server):
    tracking_server.status = 422
    tracker = make_tracker(
        "http", endpoint=tracking_server.url, retry=RetryPolicy(attempts=3, base_delay_s=0.01)
    )
    track(tracker, md, 3)
    assert tracker.flush(10)  # nothing pending: the batch was dead-lettered
    assert tracking_server.requests == 1
    stats = tracker.stats()
    assert stats["dead_lettered"] == 3 and stats["delivered"] == 0 and stats["circuit_state"] == CLOSED
    dead = list((tracker.spool_dir / "dead").glob("*.jsonl"))
    assert len(dead) == 1 and len(dead[0].read_text().splitlines()) == 3
    assert "422" in next((tracker.spool_dir / "dead").glob("*.reason.txt")).read_text()


# -- bounded queue, retries, breaker --------------------------------------------------------------
def test_bounded_queue_never_blocks_the_caller_and_loses_nothing(make_tracker, md):
    gate = threading.Event()
    sink = RecordingSink(gate=gate)
    tracker = make_tracker(sink, queue_size=5, batch_size=5)
    ids: list[str] = []
    caller = threading.Thread(target=lambda: ids.extend(track(tracker, md, 200)))
    caller.start()
    caller.join(10)
    assert not caller.is_alive(), "track_call blocked while the sink was stuck"
    assert len(ids) == 200
    assert tracker.stats()["overflowed"] > 0  # the queue was full: the rest is read back from the spool
    gate.set()
    assert tracker.flush(10)
    assert sorted(sink.call_ids()) == sorted(ids)


def test_retry_delay_is_exponential_capped_with_full_jitter():
    policy = RetryPolicy(attempts=6, base_delay_s=0.1, max_delay_s=1.0)
    assert [policy.delay(n, rand=lambda: 1.0) for n in range(6)] == pytest.approx(
        [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    )
    assert policy.delay(3, rand=lambda: 0.25) == pytest.approx(0.2)
    draws = [policy.delay(3) for _ in range(200)]
    assert all(0 <= d <= 0.8 for d in draws) and len(set(draws)) > 150  # jittered, within the ceiling


def test_failed_deliveries_are_retried_and_land_once(make_tracker, md):
    sink = RecordingSink(fail_next=2)
    tracker = make_tracker(sink, retry=RetryPolicy(attempts=4, base_delay_s=0.01))
    ids = track(tracker, md, 7)
    assert tracker.flush(10)
    # the two failures, then one successful attempt per delivered batch (a loaded machine may
    # let the worker take the first events before the rest are queued: two batches, not one)
    assert tracker.stats()["failed_attempts"] == 2
    assert sink.attempts == 2 + len(sink.batches)
    assert sink.call_ids() == ids


def test_circuit_breaker_closed_open_half_open_transitions():
    now = [100.0]
    changes: list[str] = []
    breaker = CircuitBreaker(
        failure_threshold=3, reset_timeout_s=10, clock=lambda: now[0], on_change=changes.append
    )
    assert breaker.state == CLOSED and breaker.allow()
    breaker.failure()
    breaker.failure()
    assert breaker.state == CLOSED
    breaker.success()  # a success resets the count
    for _ in range(2):
        breaker.failure()
    assert breaker.state == CLOSED
    breaker.failure()
    assert breaker.state == OPEN and not breaker.allow()
    assert breaker.seconds_until_trial() == pytest.approx(10)
    now[0] += 9.9
    assert not breaker.allow()
    now[0] += 0.2
    assert breaker.state == HALF_OPEN
    assert breaker.allow() and not breaker.allow()  # exactly one trial at a time
    breaker.failure()  # the trial failed: open again, for a full timeout
    assert breaker.state == OPEN and not breaker.allow()
    now[0] += 10
    assert breaker.allow()
    breaker.success()
    assert breaker.state == CLOSED and breaker.allow() and breaker.allow()
    assert changes == [OPEN, HALF_OPEN, OPEN, HALF_OPEN, CLOSED]


def test_open_breaker_stops_attempts_while_the_spool_absorbs_events(make_tracker, md, tracking_server):
    tracking_server.status = 503
    breaker = CircuitBreaker(failure_threshold=2, reset_timeout_s=3600)
    tracker = make_tracker(
        "http",
        endpoint=tracking_server.url,
        breaker=breaker,
        retry=RetryPolicy(attempts=5, base_delay_s=0.01),
    )
    ids = track(tracker, md, 5)
    assert not tracker.flush(1.0)
    assert breaker.state == OPEN
    assert tracking_server.requests == 2  # opened after two failures; no further attempts
    ids += track(tracker, md, 5)
    stats = tracker.stats()
    assert stats["spool_backlog_bytes"] > 0 and stats["delivered"] == 0
    assert tracking_server.requests == 2
    # the sink comes back; the breaker lets a trial through once its timeout has passed
    tracking_server.status = 200
    breaker.reset_timeout_s = 0.0
    assert tracker.flush(10)
    assert breaker.state == CLOSED
    assert sorted(c["call_id"] for c in tracking_server.calls) == sorted(ids)


# -- spool: outage, restart, exit ------------------------------------------------------------------
def test_sink_outage_events_spool_and_replay_exactly_once(make_tracker, md, tracking_server):
    tracking_server.status = 503
    tracker = make_tracker(
        "http",
        endpoint=tracking_server.url,
        retry=RetryPolicy(attempts=2, base_delay_s=0.01),
        breaker=CircuitBreaker(failure_threshold=2, reset_timeout_s=0.05),
        batch_size=3,
    )
    ids = track(tracker, md, 10)
    assert not tracker.flush(0.5)
    assert tracking_server.calls == [] and tracking_server.requests >= 2
    assert tracker.stats()["last_error"] and "503" in tracker.stats()["last_error"]
    tracking_server.status = 200
    assert tracker.flush(10)
    got = [c["call_id"] for c in tracking_server.calls]
    assert sorted(got) == sorted(ids) and len(got) == len(set(got))
    assert not list(tracker.spool_dir.glob("*.wal")) or tracker.stats()["spool_backlog_bytes"] == 0


def test_events_left_by_a_closed_tracker_are_replayed_by_the_next(
    make_tracker, md, tracking_server, down_http_tracker
):
    first = down_http_tracker
    ids = track(first, md, 6)
    first.close(timeout_s=1)
    assert list(first.spool_dir.glob("calls-*.wal")), "undelivered events must stay spooled"
    tracking_server.status = 200
    second = make_tracker("http", endpoint=tracking_server.url)
    more = track(second, md, 2)
    assert second.flush(10)
    got = [c["call_id"] for c in tracking_server.calls]
    assert sorted(got) == sorted(ids + more) and len(got) == 8
    second.close()
    assert not list(second.spool_dir.glob("calls-*.wal"))  # fully delivered segments are retired


def test_many_small_segments_with_queue_overflow_deliver_in_order_and_are_retired(
    make_tracker, md, monkeypatch
):
    import functools

    from finops_sdk import _spool, _tracker

    monkeypatch.setattr(_tracker, "Spool", functools.partial(_spool.Spool, segment_bytes=4096))
    gate = threading.Event()
    sink = RecordingSink(fail_next=3, gate=gate)
    tracker = make_tracker(sink, queue_size=3, batch_size=4, retry=RetryPolicy(attempts=2, base_delay_s=0.01))
    ids = track(tracker, md, 120)
    assert len(list(tracker.spool_dir.glob("calls-*.wal"))) > 10  # the spool rotated many times
    gate.set()
    assert tracker.flush(20)
    assert sink.call_ids() == ids  # in order, each once, across segments and the overflowed queue
    tracker.close()
    assert not list(tracker.spool_dir.glob("calls-*"))


def test_spool_cap_refuses_loudly_instead_of_filling_the_disk(make_tracker, md):
    sink = RecordingSink(gate=threading.Event())
    tracker = make_tracker(sink, max_spool_bytes=5_000)
    with pytest.raises(FinOpsError, match="NOT recorded"):
        track(tracker, md, 100)
    assert tracker.stats()["refused"] == 1
    sink.gate.set()


def test_close_does_not_wait_for_a_circuit_that_stays_open(md, down_http_tracker):
    tracker = down_http_tracker
    track(tracker, md, 3)
    started = time.monotonic()
    assert not tracker.flush(60)
    tracker.close(timeout_s=60)
    assert time.monotonic() - started < 30  # not the full 60 s: nothing could be delivered anyway
    assert tracker.stats()["spool_backlog_bytes"] > 0 or list(tracker.spool_dir.glob("calls-*.wal"))


def test_closed_tracker_refuses_new_events(make_tracker, md):
    tracker = make_tracker()
    tracker.close()
    with pytest.raises(FinOpsError, match="closed"):
        track(tracker, md)
