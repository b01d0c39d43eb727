"""The tracker: ``track_call(...)`` records one call event and returns its id.

Hot path (the application thread): validate, price from the price book, render one JSONL line,
append it to the write-ahead spool with a single ``write(2)`` and put it on a bounded in-memory
queue. No network, no waiting on the sink: a background :class:`DeliveryWorker` batches,
retries and delivers. Because the line is in the spool before ``track_call`` returns, a sink
outage or a ``kill -9`` of the application loses nothing: the next tracker on the same spool
folder replays it. ``close()`` (also run at interpreter exit) makes a last delivery attempt.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from finops_sdk._calls import CallTimer, F, tracked
from finops_sdk._env import SdkSettings, load_settings
from finops_sdk._exceptions import ConfigurationError, FinOpsError
from finops_sdk._pricing import CostCalculator
from finops_sdk._render import CallRenderer
from finops_sdk._resilience import CircuitBreaker, RetryPolicy
from finops_sdk._sinks import FileSink, HttpSink, Sink
from finops_sdk._spool import Spool
from finops_sdk._worker import DeliveryWorker

log = logging.getLogger("finops_sdk")


class Tracker:
    """Records call events durably and delivers them in the background.

    ``sink`` is a :class:`Sink`, ``"file"`` (landing zone), ``"http"`` (analytics API) or None
    (from ``FINOPS_SDK_SINK``). Every other argument defaults to its environment variable
    (see :mod:`finops_sdk._env`).
    """

    def __init__(
        self,
        sink: Sink | str | None = None,
        *,
        landing_dir: str | Path | None = None,
        endpoint: str | None = None,
        api_key: str | None = None,
        spool_dir: str | Path | None = None,
        batch_size: int | None = None,
        flush_interval_s: float | None = None,
        queue_size: int | None = None,
        timeout_s: float | None = None,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        fsync: bool | None = None,
        max_spool_bytes: int | None = None,
        default_metadata: Mapping[str, Any] | None = None,
        calculator: CostCalculator | None = None,
        unpriced: str | None = None,
        settings: SdkSettings | None = None,
        register_atexit: bool = True,
    ) -> None:
        cfg = settings or load_settings()
        self.sink = self._make_sink(sink or cfg.sink, cfg, landing_dir, endpoint, api_key, timeout_s)
        self.batch_size = batch_size or cfg.batch_size
        self.queue_size = queue_size or cfg.queue_size
        self.unpriced = unpriced or cfg.unpriced
        if self.unpriced not in ("flag", "error"):
            raise ConfigurationError(f"unpriced={self.unpriced!r}: use 'flag' or 'error'")
        self.max_spool_bytes = max_spool_bytes if max_spool_bytes is not None else cfg.max_spool_bytes
        defaults = {"environment": cfg.environment, "client_id": cfg.client_id}
        defaults.update(default_metadata or {})
        self._renderer = CallRenderer(
            {k: v for k, v in defaults.items() if v is not None},
            calculator or CostCalculator(),
            self.unpriced,
        )
        self._lock = threading.Lock()
        self._queue: deque = deque()
        self._spool = Spool(
            Path(spool_dir) if spool_dir else cfg.spool_dir, fsync=cfg.fsync if fsync is None else fsync
        )
        self.breaker = breaker or CircuitBreaker(cfg.breaker_threshold, cfg.breaker_reset_s)
        self._worker = DeliveryWorker(
            self._spool,
            self.sink,
            self._lock,
            self._queue,
            self.batch_size,
            cfg.flush_interval_s if flush_interval_s is None else flush_interval_s,
            retry or RetryPolicy(attempts=cfg.retry_attempts),
            self.breaker,
        )
        self.tracked_events = 0  # not "tracked": that name is the decorator method
        self.overflowed = 0
        self.refused = 0
        self._closed = False
        self._worker.start()
        if register_atexit:
            ref = weakref.ref(self)
            atexit.register(lambda: (t := ref()) is not None and t.close())

    @staticmethod
    def _make_sink(sink, cfg, landing_dir, endpoint, api_key, timeout_s) -> Sink:
        if not isinstance(sink, str):
            return sink
        if sink == "file":
            landing = landing_dir or cfg.landing_dir
            if landing is None:
                raise ConfigurationError(
                    "the file sink needs a landing folder: pass landing_dir= or set FINOPS_LANDING_DIR"
                )
            return FileSink(landing)
        if sink == "http":
            url = endpoint or cfg.endpoint
            if not url:
                raise ConfigurationError(
                    "the http sink needs endpoint= or FINOPS_SDK_ENDPOINT (the analytics API base URL)"
                )
            return HttpSink(
                url, api_key or cfg.api_key, timeout_s if timeout_s is not None else cfg.timeout_s
            )
        raise ConfigurationError(f"unknown sink {sink!r}: use 'file', 'http' or a Sink object")

    # -- hot path ------------------------------------------------------------------------------
    def track_call(
        self,
        *,
        provider: str,
        model: str,
        input_tokens: int = 0,
        output_tokens: int = 0,
        cache_read_tokens: int = 0,
        cache_creation_tokens: int = 0,
        latency_ms: float | None = None,
        ttft_ms: float | None = None,
        cost_usd: float | None = None,
        status: str = "success",
        error_type: str | None = None,
        http_status: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        timestamp: datetime | float | None = None,
        call_id: str | None = None,
        source_call_id: str | None = None,
        requested_model: str | None = None,
        usage_source: str = "reported",
        **fields: Any,
    ) -> str:
        """Record one call (catalogue §2.1) and return its ``call_id``. Never blocks on the sink.

        ``input_tokens`` counts **all** prompt tokens, cache reads and writes included.
        ``cost_usd`` given → ``cost_source='reported'``; otherwise it is computed from the price
        book. Extra keyword ``fields`` are merged into the metadata (e.g. ``prompt_hash=...``).
        """
        if self._closed:
            raise FinOpsError("this tracker is closed; create a new Tracker")
        call_id, line = self._renderer.render(
            provider,
            model,
            input_tokens,
            output_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            latency_ms,
            ttft_ms,
            cost_usd,
            status,
            error_type,
            http_status,
            metadata,
            timestamp,
            call_id,
            source_call_id,
            requested_model,
            usage_source,
            fields,
        )
        with self._lock:
            if self._spool.written - self._worker.delivered_bytes + len(line) > self.max_spool_bytes:
                self.refused += 1
                raise FinOpsError(
                    f"the spool {self._spool.directory} holds more than {self.max_spool_bytes} "
                    "undelivered bytes (sink down for long?); the event was NOT recorded. "
                    "Fix the sink or raise max_spool_bytes"
                )
            segment, offset = self._spool.append(line)
            self.tracked_events += 1
            queue = self._queue
            if len(queue) < self.queue_size:
                queue.append((segment, offset, line))
            else:
                self.overflowed += 1  # still in the spool: the worker reads it back from the file
            full = len(queue) >= self.batch_size
        if full:
            self._worker.wake()
        return call_id

    # -- timing helpers (context manager, start/stop/fail, decorator) --------------------------
    def track(
        self, provider: str, model: str, metadata: Mapping[str, Any] | None = None, **fields: Any
    ) -> CallTimer:
        """``with tracker.track("openai", "gpt-4o", md) as call: call.record_response(client...)``."""
        return CallTimer(self, provider, model, metadata, **fields)

    def start_call(
        self, provider: str, model: str, metadata: Mapping[str, Any] | None = None, **fields: Any
    ) -> CallTimer:
        """Start timing now; end with ``call.stop(response)`` or ``call.fail(exc)``."""
        return CallTimer(self, provider, model, metadata, **fields).start()

    def tracked(
        self, provider: str, model: str, metadata: Mapping[str, Any] | None = None, **fields: Any
    ) -> Callable[[F], F]:
        """Decorator timing a sync or async function whose return value is a provider response."""
        return tracked(self, provider, model, metadata, **fields)

    # -- lifecycle ---------------------------------------------------------------------------
    def flush(self, timeout_s: float = 10.0) -> bool:
        """Block until every event tracked so far is delivered; False on timeout/outage."""
        return self._worker.flush(timeout_s)

    def close(self, timeout_s: float = 5.0) -> None:
        """Last delivery attempt, stop the worker, release the spool (undelivered events stay)."""
        if self._closed:
            return
        self._closed = True
        self._worker.flush(timeout_s)
        self._worker.stop(timeout_s)
        with self._lock:
            if self._worker.alive():
                log.warning(
                    "finops-sdk: delivery thread still busy after %.1fs; events remain spooled", timeout_s
                )
            else:
                self._spool.close()
        self.sink.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stats(self) -> dict[str, Any]:
        """Counters for health checks and metrics."""
        return {
            "tracked": self.tracked_events,
            "delivered": self._worker.delivered,
            "failed_attempts": self._worker.failed_attempts,
            "dead_lettered": self._worker.dead_lettered,
            "overflowed": self.overflowed,
            "refused": self.refused,
            "queue_depth": len(self._queue),
            "spool_backlog_bytes": self._worker.pending_bytes(),
            "circuit_state": self.breaker.state,
            "sink": self.sink.name,
            "last_error": self._worker.last_error,
        }

    @property
    def spool_dir(self) -> Path:
        return self._spool.directory
