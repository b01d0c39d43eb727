"""A live OpenTelemetry span processor that turns GenAI spans into call events.

Add it to the application's ``TracerProvider`` next to its exporters::

    provider.add_span_processor(FinOpsSpanProcessor(tracker))

``on_end`` only renders the record and appends it to the tracker's spool (no I/O to a
remote sink on the span's thread). Spans that are not model calls are ignored. Requires the
``otel`` extra (``opentelemetry-sdk``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor
from opentelemetry.trace import StatusCode

from finops_sdk._exceptions import FinOpsError
from finops_sdk._genai import SpanData, is_genai_span, span_to_call

if TYPE_CHECKING:
    from finops_sdk._tracker import Tracker

log = logging.getLogger("finops_sdk.otel")


def span_data(span: ReadableSpan) -> SpanData:
    context = span.get_span_context()
    parent = span.parent
    return SpanData(
        trace_id=format(context.trace_id, "032x"),
        span_id=format(context.span_id, "016x"),
        parent_span_id=format(parent.span_id, "016x") if parent is not None else None,
        name=span.name,
        start_ns=span.start_time or 0,
        end_ns=span.end_time or span.start_time or 0,
        attributes=dict(span.attributes or {}),
        resource=dict(span.resource.attributes) if span.resource is not None else {},
        is_error=span.status.status_code is StatusCode.ERROR,
        status_message=span.status.description,
    )


class FinOpsSpanProcessor(SpanProcessor):
    """Records every ended GenAI span with ``tracker.track_call``.

    ``defaults`` fill attribution the spans lack (``customer_id``/``feature_id`` default to
    ``unknown``, ``environment`` to ``production``; see ``_genai``).
    """

    def __init__(self, tracker: Tracker, defaults: Mapping[str, Any] | None = None):
        self.tracker = tracker
        self.defaults = dict(defaults or {})
        self.recorded = 0
        self.rejected = 0

    def on_start(self, span: Any, parent_context: Any = None) -> None:
        return None

    def on_end(self, span: ReadableSpan) -> None:
        if not is_genai_span(span.attributes or {}):
            return
        try:
            self.tracker.track_call(**span_to_call(span_data(span), self.defaults))
            self.recorded += 1
        except (FinOpsError, ValueError, TypeError) as exc:  # never break the application's tracing
            # ValueError/TypeError: malformed attributes, e.g. gen_ai.usage.input_tokens="many"
            self.rejected += 1
            log.warning("finops-sdk: GenAI span %s not recorded: %s", span.name, exc)

    def shutdown(self) -> None:
        self.tracker.flush(5.0)

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.tracker.flush(timeout_millis / 1000)
