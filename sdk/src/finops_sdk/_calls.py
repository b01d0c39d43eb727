"""Time a call and record it: a context manager, start/stop/fail, and a decorator.

Mirrors the OpenTelemetry GenAI utilities: the same :class:`CallTimer` can be used as
``with tracker.track(...) as call:`` or driven by hand (``start_call()`` → ``stop()`` /
``fail()``). Latency is measured with a monotonic clock; the event is recorded exactly once,
when the call ends (an exception inside the ``with`` block records an ``error`` call with the
error type read from the provider's exception, then re-raises).
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from finops_sdk._metadata import Metadata
from finops_sdk._usage import Usage, classify_error, extract_usage

if TYPE_CHECKING:
    from finops_sdk._tracker import Tracker

F = TypeVar("F", bound=Callable[..., Any])
_current_metadata: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar(
    "finops_metadata", default=None
)


@contextmanager
def use_metadata(metadata: Mapping[str, Any]) -> Iterator[None]:
    """Metadata for every call tracked (by wrappers and timers) inside this block, per task/thread."""
    token = _current_metadata.set(metadata)
    try:
        yield
    finally:
        _current_metadata.reset(token)


def current_metadata(explicit: Mapping[str, Any] | None = None) -> Mapping[str, Any] | None:
    """The explicit metadata, else the one set by :func:`use_metadata`, merged when both exist."""
    ambient = _current_metadata.get()
    if explicit is None:
        return ambient
    if ambient is None:
        return explicit
    merged = dict(ambient)
    merged.update(explicit)
    return Metadata(merged) if isinstance(explicit, Metadata) else merged


class CallTimer:
    """One call being timed. Set usage with :meth:`record_response` or :meth:`set_usage`."""

    def __init__(
        self, tracker: Tracker, provider: str, model: str, metadata: Mapping[str, Any] | None, **fields: Any
    ):
        self.tracker = tracker
        self.provider = provider
        self.model = model
        self.metadata = current_metadata(metadata)
        self.fields = fields
        self.usage: Usage | None = None
        self.call_id: str | None = None
        self.cost_usd: float | None = None
        self._t0: float | None = None
        self._ttft_ms: float | None = None

    def start(self) -> CallTimer:
        self._t0 = time.perf_counter()
        return self

    def first_token(self) -> None:
        """Mark the arrival of the first token (time to first token)."""
        if self._ttft_ms is None and self._t0 is not None:
            self._ttft_ms = (time.perf_counter() - self._t0) * 1000

    def record_response(self, response: Any) -> None:
        """Read usage and the served model from an OpenAI or Anthropic response."""
        usage = extract_usage(response)
        if usage is not None:
            self.usage = usage

    def set_usage(
        self,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_creation_tokens: int = 0,
        model: str | None = None,
        estimated: bool = False,
    ) -> None:
        self.usage = Usage(
            input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, model, estimated=estimated
        )

    def _elapsed_ms(self) -> float | None:
        return None if self._t0 is None else (time.perf_counter() - self._t0) * 1000

    def stop(self, response: Any = None) -> str:
        """End a successful call and record it; returns the call id."""
        if response is not None:
            self.record_response(response)
        return self._record(status="success")

    def fail(self, exc: BaseException) -> str:
        """End a failed call and record it with its error type; returns the call id."""
        error_type, http_status = classify_error(exc)
        return self._record(status="error", error_type=error_type, http_status=http_status)

    def _record(self, **outcome: Any) -> str:
        if self.call_id is not None:
            return self.call_id
        usage = self.usage or Usage(estimated=outcome.get("status") == "success")
        self.call_id = self.tracker.track_call(
            provider=self.provider or usage.provider,  # the caller knows who serves the call
            model=usage.model or self.model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cache_creation_tokens=usage.cache_creation_tokens,
            latency_ms=self._elapsed_ms(),
            ttft_ms=self._ttft_ms,
            cost_usd=self.cost_usd,
            usage_source="estimated" if usage.estimated else "reported",
            metadata=self.metadata,
            **outcome,
            **self.fields,
        )
        return self.call_id

    def __enter__(self) -> CallTimer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            self.stop()
        elif isinstance(exc, Exception):
            self.fail(exc)

    async def __aenter__(self) -> CallTimer:
        return self.start()

    async def __aexit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        self.__exit__(exc_type, exc, tb)


def tracked(
    tracker: Tracker, provider: str, model: str, metadata: Mapping[str, Any] | None = None, **fields: Any
) -> Callable[[F], F]:
    """Decorator: time each call of a sync or async function; its return value's usage is read."""

    def decorate(func: F) -> F:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with CallTimer(tracker, provider, model, metadata, **fields) as call:
                    result = await func(*args, **kwargs)
                    call.record_response(result)
                    return result

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with CallTimer(tracker, provider, model, metadata, **fields) as call:
                result = func(*args, **kwargs)
                call.record_response(result)
                return result

        return wrapper  # type: ignore[return-value]

    return decorate
