"""The background delivery thread: batches spooled events and ships them to a sink.

The application thread only appends to the spool and to a bounded in-memory queue (which
saves the worker re-reading the page cache). The worker delivers each segment's bytes in
order: from the queue while its items are contiguous, from the spool file otherwise (queue
overflow, a restart, a sink outage). Every attempt goes through the retry policy and the
circuit breaker; while the breaker is open nothing is attempted and events simply stay in the
spool. A rejected batch (permanent error) is written to ``<spool>/dead/`` and skipped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from finops_sdk._exceptions import PermanentSinkError
from finops_sdk._resilience import CircuitBreaker, RetryPolicy
from finops_sdk._spool import Segment, Spool

if TYPE_CHECKING:
    from finops_sdk._sinks import Sink

log = logging.getLogger("finops_sdk.worker")
ORPHAN_SCAN_INTERVAL_S = 60.0


@dataclass
class Batch:
    segment: Segment
    start: int
    end: int
    lines: list[bytes]
    dead: bool = False

    @property
    def batch_id(self) -> str:
        return self.segment.batch_id(self.start)


class DeliveryWorker:
    """Owns the delivery thread of one tracker; all state below is touched by that thread only,
    except ``queue`` (appended by the tracker) and the spool's segment list (guarded by ``lock``)."""

    def __init__(
        self,
        spool: Spool,
        sink: Sink,
        lock: threading.Lock,
        queue: deque,
        batch_size: int,
        flush_interval_s: float,
        retry: RetryPolicy,
        breaker: CircuitBreaker,
    ):
        self.spool, self.sink, self.lock, self.queue = spool, sink, lock, queue
        self.batch_size = batch_size
        self.flush_interval_s = max(0.001, flush_interval_s)  # 0 would spin the thread at 100 % CPU
        self.retry, self.breaker = retry, breaker
        self.orphans: list[Segment] = []
        self.delivered = 0
        self.delivered_bytes = 0  # own segments only (the tracker's spool cap)
        self.failed_attempts = 0
        self.dead_lettered = 0
        self.last_error: str | None = None
        self._inflight: Batch | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="finops-sdk-delivery", daemon=True)
        self._last_scan = 0.0

    # -- control -----------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def pending_bytes(self) -> int:
        with self.lock:
            own = sum(s.size - s.acked for s in self.spool.segments)
        return own + sum(s.size - s.acked for s in self.orphans)

    def flush(self, timeout_s: float) -> bool:
        """Wait until everything spooled so far is delivered; False on timeout or sink outage."""
        deadline = time.monotonic() + timeout_s
        with self._idle:
            while self.pending_bytes() > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    return False
                if self.breaker.seconds_until_trial() > remaining:
                    return False  # the circuit stays open past the deadline: do not wait for nothing
                self._wake.set()
                self._idle.wait(min(remaining, 0.05))
        return True

    def stop(self, timeout_s: float) -> None:
        """Final delivery attempt (bounded by ``timeout_s``), then stop the thread."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout_s)

    # -- the thread --------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            stopping = self._stop.is_set()
            try:
                if time.monotonic() - self._last_scan >= ORPHAN_SCAN_INTERVAL_S:
                    self._last_scan = time.monotonic()
                    self.orphans.extend(self.spool.adopt_orphans())
                self._drain(final=stopping)
            except Exception:  # the thread must survive anything; events stay spooled
                log.exception("finops-sdk delivery loop failed; events stay in the spool")
            with self._idle:
                self._idle.notify_all()
            if stopping:
                return
            self._wake.wait(self.flush_interval_s)
            self._wake.clear()

    def _drain(self, final: bool) -> None:
        while True:
            batch = self._inflight or self._next_batch()
            if batch is None:
                return
            self._inflight = batch
            if not self._deliver(batch, attempts=1 if final else self.retry.attempts):
                return
            self._inflight = None
            self._advance(batch)
            with self._idle:
                self._idle.notify_all()

    def _next_batch(self) -> Batch | None:
        while self.orphans:
            segment = self.orphans[0]
            if segment.acked >= segment.size:
                self.spool.retire(segment)
                self.orphans.pop(0)
                continue
            lines, end = self.spool.read(segment, segment.acked, segment.size, self.batch_size)
            return Batch(segment, segment.acked, end, lines)
        while True:
            with self.lock:
                if not self.spool.segments:
                    return None
                segment = self.spool.segments[0]
                size, current = segment.size, segment is self.spool.current
                if segment.acked >= size and not current:
                    self.spool.retire(segment)
                    continue
            if segment.acked >= size:
                self._discard_queue_before(segment, size)
                return None
            return self._batch_from(segment, size)

    def _discard_queue_before(self, segment: Segment, offset: int) -> None:
        queue = self.queue
        while queue:
            seg, off, _ = queue[0]
            if seg.seq < segment.seq or (seg is segment and off < offset):
                queue.popleft()
            else:
                break

    def _batch_from(self, segment: Segment, size: int) -> Batch:
        start = expected = segment.acked
        lines: list[bytes] = []
        queue = self.queue
        while queue and len(lines) < self.batch_size:
            seg, off, line = queue[0]
            if seg.seq < segment.seq or (seg is segment and off < expected):
                queue.popleft()
            elif seg is segment and off == expected:
                queue.popleft()
                lines.append(line)
                expected += len(line)
            else:
                break  # a gap (overflowed queue) or the next segment: read the file instead
        if len(lines) < self.batch_size and expected < size:
            more, expected = self.spool.read(segment, expected, size, self.batch_size - len(lines))
            lines.extend(more)
        return Batch(segment, start, expected, lines)

    def _advance(self, batch: Batch) -> None:
        self.spool.ack(batch.segment, batch.end)
        if not batch.dead:
            self.delivered += len(batch.lines)
        if not batch.segment.orphan:
            self.delivered_bytes += batch.end - batch.start

    def _deliver(self, batch: Batch, attempts: int) -> bool:
        for attempt in range(attempts):
            if not self.breaker.allow():
                return False
            try:
                self.sink.send(batch.batch_id, batch.lines)
            except PermanentSinkError as exc:
                self._dead_letter(batch, exc)
                self.breaker.success()
                return True
            except Exception as exc:  # SinkError, OSError, or a bug in a custom sink: retry later
                self.failed_attempts += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                self.breaker.failure()
                log.warning(
                    "finops-sdk: delivery of %s to %s failed (attempt %d/%d): %s",
                    batch.batch_id,
                    self.sink.name,
                    attempt + 1,
                    attempts,
                    self.last_error,
                )
                if attempt + 1 < attempts and self._stop.wait(self.retry.delay(attempt)):
                    return False
                continue
            self.breaker.success()
            self.last_error = None
            return True
        return False

    def _dead_letter(self, batch: Batch, exc: Exception) -> None:
        folder = self.spool.directory / "dead"
        folder.mkdir(exist_ok=True)
        path = folder / f"{batch.batch_id}.jsonl"
        path.write_bytes(b"".join(batch.lines))
        (folder / f"{batch.batch_id}.reason.txt").write_text(str(exc) + "\n")
        self.dead_lettered += len(batch.lines)
        batch.dead = True
        log.error(
            "finops-sdk: %s rejected %d events (%s); kept in %s", self.sink.name, len(batch.lines), exc, path
        )
