"""Map OpenTelemetry GenAI span data onto the call record, accepting every spelling in use.

Shared by the live span processor (``_otel``) and the OTLP/JSON file loader (``_otlp``), which
both first reduce a span to a :class:`SpanData`. Spellings accepted (first present wins):

- provider: ``gen_ai.provider.name``, then the older ``gen_ai.system`` (values such as
  ``aws.bedrock``, ``azure.ai.openai``, ``gcp.vertex_ai`` map to the catalogue's providers);
- model: ``gen_ai.response.model``, then ``gen_ai.request.model``;
- input: ``gen_ai.usage.input_tokens``, then the older ``gen_ai.usage.prompt_tokens``;
- output: ``gen_ai.usage.output_tokens``, then ``gen_ai.usage.completion_tokens``;
- cache reads: ``gen_ai.usage.cache_read.input_tokens``, ``gen_ai.usage.cache_read_input_tokens``,
  ``gen_ai.usage.input_tokens.cached``;
- cache writes: ``gen_ai.usage.cache_creation.input_tokens``, ``gen_ai.usage.cache_write.input_tokens``,
  ``gen_ai.usage.cache_creation_input_tokens``, ``gen_ai.usage.input_tokens.cache_write``;
- agent: ``gen_ai.agent.name`` (``gen_ai.agent.id`` kept in metadata); workflow:
  ``gen_ai.workflow.name`` / ``gen_ai.workflow.id``; conversation: ``gen_ai.conversation.id``
  → ``session_id``; ``gen_ai.response.id`` → ``source_call_id``.

Semantic conventions count cached tokens inside ``input_tokens``; some instrumentations pass
Anthropic's exclusive count through, which shows as cache tokens exceeding input tokens, and
then the cache tokens are added. Attribution comes from ``finops.<column>`` attributes (span or
resource: ``finops.customer_id``, ``finops.feature_id``, ...), ``deployment.environment(.name)``,
``service.name`` (→ ``client_id``) and ``user.id`` / ``enduser.id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from finops_sdk._reference import call_columns, error_types

PROVIDER_ATTRS = ("gen_ai.provider.name", "gen_ai.system")
MODEL_ATTRS = ("gen_ai.response.model", "gen_ai.request.model")
INPUT_ATTRS = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")
OUTPUT_ATTRS = ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")
CACHE_READ_ATTRS = (
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "gen_ai.usage.input_tokens.cached",
)
CACHE_WRITE_ATTRS = (
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
    "gen_ai.usage.input_tokens.cache_write",
)
# Semantic-convention provider values that the provider_aliases seed does not spell.
SEMCONV_PROVIDERS = {
    "azure.ai.openai": "azure",
    "azure.ai.inference": "azure",
    "gcp.gen_ai": "google",
    "google": "google",
    "x_ai": "xai",
}
DEFAULT_ATTRIBUTION = {"customer_id": "unknown", "feature_id": "unknown", "environment": "production"}


@dataclass
class SpanData:
    """What the mapping needs from a span, whatever its origin (live SDK span or OTLP JSON)."""

    trace_id: str
    span_id: str
    parent_span_id: str | None
    name: str
    start_ns: int
    end_ns: int
    attributes: Mapping[str, Any]
    resource: Mapping[str, Any] = field(default_factory=dict)
    is_error: bool = False
    status_message: str | None = None


def _first(attrs: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = attrs.get(name)
        if value is not None and value != "":
            return value
    return None


def is_genai_span(attrs: Mapping[str, Any]) -> bool:
    """A model call: has a provider/system and a model or token usage."""
    return _first(attrs, PROVIDER_ATTRS) is not None and (
        _first(attrs, MODEL_ATTRS) is not None or _first(attrs, INPUT_ATTRS) is not None
    )


def call_id_for(trace_id: str, span_id: str) -> str:
    """Deterministic: re-reading the same span (file replay, processor + file) gives the same id."""
    return f"otel_{trace_id}_{span_id}"


def span_to_call(span: SpanData, defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Keyword arguments for ``track_call`` / ``CallRenderer`` describing this span's call."""
    attrs = span.attributes
    res = span.resource
    provider_raw = str(_first(attrs, PROVIDER_ATTRS) or "unknown")
    provider = SEMCONV_PROVIDERS.get(provider_raw.lower(), provider_raw)
    model = str(_first(attrs, MODEL_ATTRS) or "unknown")
    input_raw, output_raw = _first(attrs, INPUT_ATTRS), _first(attrs, OUTPUT_ATTRS)
    read = int(_first(attrs, CACHE_READ_ATTRS) or 0)
    write = int(_first(attrs, CACHE_WRITE_ATTRS) or 0)
    input_tokens = int(input_raw or 0)
    if read + write > input_tokens:  # the provider's exclusive count was passed through
        input_tokens += read + write
    columns = set(call_columns())
    md: dict[str, Any] = dict(DEFAULT_ATTRIBUTION)
    md.update(defaults or {})
    for source in (res, attrs):  # span attributes win over resource attributes
        for key, value in source.items():
            if key.startswith("finops.") and key[7:] in columns:
                md[key[7:]] = value
    env = _first(attrs, ("deployment.environment.name", "deployment.environment")) or _first(
        res, ("deployment.environment.name", "deployment.environment")
    )
    if env and "finops.environment" not in attrs and "finops.environment" not in res:
        md["environment"] = env
    if "finops.client_id" not in attrs and res.get("service.name"):
        md.setdefault("client_id", res["service.name"])
    optional = {
        "agent_name": attrs.get("gen_ai.agent.name"),
        "workflow_name": attrs.get("gen_ai.workflow.name"),
        "workflow_id": attrs.get("gen_ai.workflow.id"),
        "session_id": attrs.get("gen_ai.conversation.id") or attrs.get("session.id"),
        "user_id": attrs.get("user.id") or attrs.get("enduser.id"),
    }
    md.update({k: v for k, v in optional.items() if v is not None and k not in md})
    if md.get("workflow_name") and not md.get("workflow_id"):
        md["workflow_id"] = span.trace_id  # one trace = one workflow execution
    md["trace_id"] = span.trace_id
    extra = {
        "otel_span_id": span.span_id,
        "otel_parent_span_id": span.parent_span_id,
        "otel_span_name": span.name,
        "gen_ai_operation": attrs.get("gen_ai.operation.name"),
        "gen_ai_agent_id": attrs.get("gen_ai.agent.id"),
        "provider_raw": provider_raw if provider_raw != provider else None,
    }
    md.update({k: v for k, v in extra.items() if v is not None})
    status, error_type, http_status = "success", None, None
    if span.is_error:
        status = "error"
        raw = attrs.get("error.type")
        http_status = attrs.get("http.response.status_code")
        known = error_types()
        if raw in known:
            error_type = raw
        else:
            by_status = {code: name for name, code in known.items()}
            error_type = by_status.get(int(http_status), "other") if http_status else "other"
            if raw:
                md["error_type_raw"] = str(raw)
    cost = _first(attrs, ("finops.cost_usd", "gen_ai.usage.cost"))
    return {
        "provider": provider,
        "model": model,
        "input_tokens": input_tokens,
        "output_tokens": int(output_raw or 0),
        "cache_read_tokens": read,
        "cache_creation_tokens": write,
        "latency_ms": max(0.0, (span.end_ns - span.start_ns) / 1e6),
        "timestamp": span.start_ns / 1e9,
        "status": status,
        "error_type": error_type,
        "http_status": int(http_status) if http_status else None,
        "call_id": call_id_for(span.trace_id, span.span_id),
        "source_call_id": attrs.get("gen_ai.response.id"),
        "cost_usd": float(cost) if cost is not None else None,
        "usage_source": "reported" if input_raw is not None or output_raw is not None else "estimated",
        "metadata": md,
    }
