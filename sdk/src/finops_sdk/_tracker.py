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
import time
import warnings
import weakref
from collections import deque
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from json.encoder import encode_basestring_ascii as _quote
from pathlib import Path
from typing import Any

from finops_sdk._env import SdkSettings, load_settings
from finops_sdk._exceptions import ConfigurationError, FinOpsError, UnknownModelError, ValidationError
from finops_sdk._metadata import REQUIRED, Metadata, validate_metadata
from finops_sdk._pricing import CostCalculator, Price, canonical_provider
from finops_sdk._record import RecordEncoder, format_timestamp, new_call_id
from finops_sdk._reference import error_types
from finops_sdk._resilience import CircuitBreaker, RetryPolicy
from finops_sdk._sinks import FileSink, HttpSink, Sink
from finops_sdk._spool import Spool
from finops_sdk._worker import DeliveryWorker

log = logging.getLogger("finops_sdk")
_MISSING = object()
_EPOCH_DAY = date(1970, 1, 1)


def _finite(name: str, value: float | None) -> str:
    if value is None:
        return "null"
    value = float(value)
    if not (0.0 <= value < float("inf")):
        raise ValidationError(f"{name}={value!r} must be a finite number >= 0")
    return repr(value)


def _epoch(ts: datetime | float | int) -> float:
    if isinstance(ts, datetime):
        if ts.tzinfo is None:  # a timestamp without a zone is UTC (catalogue §1.3)
            ts = ts.replace(tzinfo=UTC)
        return ts.timestamp()
    return float(ts)


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
        self.default_metadata = {k: v for k, v in defaults.items() if v is not None}
        self.calculator = calculator or CostCalculator()
        self._encoder = RecordEncoder()
        self._http_status = error_types()
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
        self.tracked = 0
        self.overflowed = 0
        self.refused = 0
        self._closed = False
        self._md_cache: dict[int, tuple[Any, Metadata]] = {}
        self._prices: dict[tuple[str, str, int], Price | None] = {}
        self._quoted: dict[str | None, str] = {None: "null"}
        self._canon: dict[str, str] = {}
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
        md = self._metadata_for(metadata, fields)
        if (
            cache_read_tokens + cache_creation_tokens > input_tokens
            or min(input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens) < 0
        ):
            raise ValidationError(
                f"tokens must be >= 0 and cache_read ({cache_read_tokens}) + cache_creation "
                f"({cache_creation_tokens}) <= input_tokens ({input_tokens}); input counts all prompt tokens"
            )
        if status == "success":
            if error_type is not None:
                raise ValidationError("error_type must be None when status='success'")
            http = 200 if http_status is None else int(http_status)
        elif status == "error":
            error_type = error_type or "other"
            http = int(http_status) if http_status is not None else self._http_status.get(error_type, 500)
        else:
            raise ValidationError(f"status={status!r}: use 'success' or 'error'")
        if usage_source not in ("reported", "estimated"):
            raise ValidationError(f"usage_source={usage_source!r}: use 'reported' or 'estimated'")
        now = time.time()
        if timestamp is not None:
            ts = _epoch(timestamp)
        elif latency_ms:
            ts = now - latency_ms / 1000.0  # the request was sent latency_ms ago
        else:
            ts = now
        quoted = self._quoted
        prov = self._canon.get(provider)
        if prov is None:
            prov = self._canon.setdefault(provider, canonical_provider(provider) or "unknown")
        if cost_usd is None:
            price = self._prices.get((prov, model, int(ts // 86400)), _MISSING)
            if price is _MISSING:
                price = self._price(prov, model, int(ts // 86400))
            if price is None:
                md = md.merged({"price_status": "unpriced"})
                cost = "0.0"
            else:
                cost = repr(price.cost(input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens))
            cost_source = '"computed"'
        else:
            cost, cost_source = _finite("cost_usd", cost_usd), '"reported"'
        if call_id is None:
            call_id = new_call_id()
            cid_json = '"%s"' % call_id
        else:
            cid_json = _quote(call_id)
        values = (
            cid_json,
            "null" if source_call_id is None else _quote(source_call_id),
            '"%s"' % format_timestamp(ts),
            quoted.get(prov) or quoted.setdefault(prov, _quote(prov)),
            quoted.get(model) or quoted.setdefault(model, _quote(model)),
            "null" if requested_model is None else _quote(requested_model),
            input_tokens,
            output_tokens,
            input_tokens + output_tokens,
            cache_read_tokens,
            cache_creation_tokens,
            "null" if latency_ms is None else _finite("latency_ms", latency_ms),
            "null" if ttft_ms is None else _finite("ttft_ms", ttft_ms),
            cost,
            cost_source,
            '"%s"' % usage_source,
            '"%s"' % status,
            "null" if error_type is None else _quote(error_type),
            http,
        )
        line = self._encoder.encode(values, md)
        with self._lock:
            if self._spool.written - self._worker.delivered_bytes + len(line) > self.max_spool_bytes:
                self.refused += 1
                raise FinOpsError(
                    f"the spool {self._spool.directory} holds more than {self.max_spool_bytes} "
                    "undelivered bytes (sink down for long?); the event was NOT recorded. "
                    "Fix the sink or raise max_spool_bytes"
                )
            segment, offset = self._spool.append(line)
            self.tracked += 1
            queue = self._queue
            if len(queue) < self.queue_size:
                queue.append((segment, offset, line))
            else:
                self.overflowed += 1  # still in the spool: the worker reads it back from the file
            full = len(queue) >= self.batch_size
        if full:
            self._worker.wake()
        return call_id

    def _metadata_for(self, metadata: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> Metadata:
        if metadata is None and not fields:
            metadata = _MISSING  # type: ignore[assignment]
        if not fields:
            hit = self._md_cache.get(id(metadata))
            if hit is not None and hit[0] is metadata:
                return hit[1]
        merged = dict(self.default_metadata)
        if metadata is not _MISSING and metadata is not None:
            merged.update({k: v for k, v in metadata.items() if v is not None})
        merged.update({k: v for k, v in fields.items() if v is not None})
        md = validate_metadata(merged, require=REQUIRED)
        if not fields and (metadata is _MISSING or isinstance(metadata, Metadata)):
            if len(self._md_cache) > 1024:
                self._md_cache.clear()
            self._md_cache[id(metadata)] = (metadata, md)
        return md

    def _price(self, provider: str, model: str, day: int) -> Price | None:
        key = (provider, model, day)
        if key in self._prices:
            return self._prices[key]
        try:
            price = self.calculator.price_for(
                model, None if provider == "unknown" else provider, _EPOCH_DAY + timedelta(days=day)
            )
        except UnknownModelError as exc:
            if self.unpriced == "error":
                raise
            warnings.warn(
                f"{exc} The call is recorded with cost 0 and metadata price_status=unpriced.", stacklevel=3
            )
            price = None
        self._prices[key] = price
        return price

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
            "tracked": self.tracked,
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
