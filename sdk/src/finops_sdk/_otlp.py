"""Load OTLP/JSON trace files (the OpenTelemetry Collector's ``file`` exporter) into the landing zone.

Each line of such a file is one ``ExportTraceServiceRequest`` in OTLP/JSON
(``{"resourceSpans": [{"resource": …, "scopeSpans": [{"spans": […]}]}]}``); ids are hex
(base64 from protobuf's generic JSON printer is accepted too), integers may be strings. GenAI
spans become call records (``_genai``), other spans only serve to link calls: a call's
``parent_call_id`` is its nearest GenAI ancestor span in the same file.

The output is ``<landing>/otlp/calls/otlp_<first 16 hex of SHA-256 of the file>.jsonl``
(temp name, then rename), so loading the same file twice rewrites the same batch.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finops_sdk._exceptions import FinOpsError, ValidationError
from finops_sdk._genai import SpanData, call_id_for, is_genai_span, span_to_call
from finops_sdk._pricing import CostCalculator
from finops_sdk._render import CallRenderer

log = logging.getLogger("finops_sdk.otlp")


@dataclass
class OtlpLoadResult:
    batch_id: str
    path: Path | None
    spans: int
    calls: int
    rejected: list[str] = field(default_factory=list)


def any_value(value: Mapping[str, Any]) -> Any:
    """Decode an OTLP/JSON ``AnyValue``."""
    for key in ("stringValue", "string_value"):
        if key in value:
            return value[key]
    for key in ("intValue", "int_value"):
        if key in value:
            return int(value[key])
    for key in ("doubleValue", "double_value"):
        if key in value:
            return float(value[key])
    for key in ("boolValue", "bool_value"):
        if key in value:
            return bool(value[key])
    array = value.get("arrayValue") or value.get("array_value")
    if array is not None:
        return [any_value(v) for v in array.get("values", [])]
    kvlist = value.get("kvlistValue") or value.get("kvlist_value")
    if kvlist is not None:
        return attributes(kvlist.get("values", []))
    return None


def attributes(items: list[Mapping[str, Any]] | None) -> dict[str, Any]:
    return {item["key"]: any_value(item.get("value") or {}) for item in items or ()}


def _hex_id(raw: str | None, width: int) -> str | None:
    if not raw:
        return None
    text = raw.lower()
    if len(text) == width and all(c in "0123456789abcdef" for c in text):
        return text
    try:
        return base64.b64decode(raw, validate=True).hex().rjust(width, "0")
    except (binascii.Error, ValueError):
        raise ValidationError(f"span id {raw!r} is neither hex nor base64") from None


def _get(obj: Mapping[str, Any], camel: str, snake: str, default: Any = None) -> Any:
    return obj.get(camel, obj.get(snake, default))


def iter_spans(document: Mapping[str, Any]) -> Iterator[SpanData]:
    """Every span of one OTLP/JSON trace request."""
    for rs in _get(document, "resourceSpans", "resource_spans", []):
        resource = attributes((rs.get("resource") or {}).get("attributes"))
        for ss in _get(rs, "scopeSpans", "scope_spans", []):
            for span in ss.get("spans", []):
                status = span.get("status") or {}
                code = status.get("code", 0)
                yield SpanData(
                    trace_id=_hex_id(_get(span, "traceId", "trace_id"), 32) or "",
                    span_id=_hex_id(_get(span, "spanId", "span_id"), 16) or "",
                    parent_span_id=_hex_id(_get(span, "parentSpanId", "parent_span_id"), 16),
                    name=span.get("name", ""),
                    start_ns=int(_get(span, "startTimeUnixNano", "start_time_unix_nano", 0)),
                    end_ns=int(_get(span, "endTimeUnixNano", "end_time_unix_nano", 0)),
                    attributes=attributes(span.get("attributes")),
                    resource=resource,
                    is_error=code in (2, "STATUS_CODE_ERROR"),
                    status_message=status.get("message"),
                )


def load_otlp_file(
    path: str | os.PathLike[str],
    landing_dir: str | os.PathLike[str],
    defaults: Mapping[str, Any] | None = None,
    calculator: CostCalculator | None = None,
) -> OtlpLoadResult:
    """Convert one OTLP/JSON file's GenAI spans into a landing-zone JSONL batch."""
    source = Path(path)
    data = source.read_bytes()
    batch_id = "otlp_" + hashlib.sha256(data).hexdigest()[:16]
    spans: list[SpanData] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            spans.extend(iter_spans(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise FinOpsError(f"{source}:{number} is not an OTLP/JSON trace request: {exc}") from exc
    by_id = {(s.trace_id, s.span_id): s for s in spans}
    renderer = CallRenderer({}, calculator or CostCalculator(), unpriced="flag")
    lines, rejected = [], []
    for span in spans:
        if not is_genai_span(span.attributes):
            continue
        try:
            kwargs = span_to_call(span, defaults)
        except (ValueError, TypeError) as exc:  # malformed attribute values: skip this span only
            rejected.append(f"span {span.span_id}: {type(exc).__name__}: {exc}")
            continue
        parent = by_id.get((span.trace_id, span.parent_span_id or ""))
        for _ in range(64):  # nearest GenAI ancestor; bounded against malformed cycles
            if parent is None or is_genai_span(parent.attributes):
                break
            parent = by_id.get((parent.trace_id, parent.parent_span_id or ""))
        if parent is not None:
            kwargs["metadata"]["parent_call_id"] = call_id_for(parent.trace_id, parent.span_id)
        try:
            _, line = renderer.render(
                kwargs["provider"],
                kwargs["model"],
                kwargs["input_tokens"],
                kwargs["output_tokens"],
                kwargs["cache_read_tokens"],
                kwargs["cache_creation_tokens"],
                kwargs["latency_ms"],
                None,
                kwargs["cost_usd"],
                kwargs["status"],
                kwargs["error_type"],
                kwargs["http_status"],
                kwargs["metadata"],
                kwargs["timestamp"],
                kwargs["call_id"],
                kwargs["source_call_id"],
                None,
                kwargs["usage_source"],
                {},
            )
        except FinOpsError as exc:
            rejected.append(f"span {span.span_id}: {exc}")
            continue
        lines.append(line)
    if rejected:
        log.warning(
            "finops-sdk: %d GenAI spans of %s were not loaded: %s", len(rejected), source, rejected[:3]
        )
    if not lines:
        return OtlpLoadResult(batch_id, None, len(spans), 0, rejected)
    folder = Path(landing_dir) / "otlp" / "calls"
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{batch_id}.jsonl"
    tmp = folder / f".{batch_id}.jsonl.tmp"
    tmp.write_bytes(b"".join(lines))
    os.replace(tmp, final)
    return OtlpLoadResult(batch_id, final, len(spans), len(lines), rejected)
