"""OpenTelemetry GenAI: the span processor on the real opentelemetry-sdk, and the OTLP/JSON file loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import landed
from finops_sdk import FinOpsError, FinOpsSpanProcessor, load_otlp_file
from google.protobuf.json_format import MessageToJson
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Status, StatusCode

RESOURCE = {
    "service.name": "support-bot",
    "deployment.environment.name": "staging",
    "finops.customer_id": "cust_0042",
    "finops.organization_id": "org_007",
    "finops.feature_id": "chat",
}


@pytest.fixture
def otel(make_tracker):
    """A real TracerProvider with our processor and an in-memory exporter side by side."""
    tracker = make_tracker()
    provider = TracerProvider(resource=Resource.create(RESOURCE))
    processor = FinOpsSpanProcessor(tracker)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(processor)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider.get_tracer("test"), tracker, processor, exporter
    provider.shutdown()


def emit(tracer, attributes: dict, name: str = "chat", error: bool = False):
    with tracer.start_as_current_span(name, attributes=attributes) as span:
        if error:
            span.set_status(Status(StatusCode.ERROR, "boom"))
        return span


SPELLINGS = [
    pytest.param(
        {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.response.model": "gpt-4o-2024-08-06",
            "gen_ai.usage.input_tokens": 100,
            "gen_ai.usage.output_tokens": 20,
            "gen_ai.usage.cache_read.input_tokens": 40,
            "gen_ai.usage.cache_creation.input_tokens": 10,
        },
        ("openai", "gpt-4o-2024-08-06", 100, 20, 40, 10),
        id="current-semconv",
    ),
    pytest.param(
        {
            "gen_ai.system": "anthropic",
            "gen_ai.request.model": "claude-sonnet-4-5",
            "gen_ai.usage.prompt_tokens": 300,
            "gen_ai.usage.completion_tokens": 50,
            "gen_ai.usage.cache_write.input_tokens": 60,
        },
        ("anthropic", "claude-sonnet-4-5", 300, 50, 0, 60),
        id="older-system-prompt-completion-cache_write",
    ),
    pytest.param(
        {
            "gen_ai.system": "aws.bedrock",
            "gen_ai.request.model": "amazon-nova-lite",
            "gen_ai.usage.input_tokens": 80,
            "gen_ai.usage.output_tokens": 8,
            "gen_ai.usage.cache_read_input_tokens": 20,
            "gen_ai.usage.cache_creation_input_tokens": 5,
        },
        ("aws-bedrock", "amazon-nova-lite", 80, 8, 20, 5),
        id="underscore-cache-spellings",
    ),
    pytest.param(
        {
            "gen_ai.provider.name": "anthropic",
            "gen_ai.request.model": "claude-haiku-4-5",
            "gen_ai.usage.input_tokens": 10,  # Anthropic's exclusive count passed through
            "gen_ai.usage.output_tokens": 4,
            "gen_ai.usage.cache_read.input_tokens": 200,
            "gen_ai.usage.cache_creation.input_tokens": 30,
        },
        ("anthropic", "claude-haiku-4-5", 240, 4, 200, 30),
        id="exclusive-input-count",
    ),
]


@pytest.mark.parametrize(("attributes", "expected"), SPELLINGS)
def test_every_attribute_spelling_becomes_the_same_call_record(otel, landing, attributes, expected):
    tracer, tracker, processor, exporter = otel
    span = emit(tracer, attributes)
    assert tracker.flush(10)
    (row,) = landed(landing)
    got = (
        row["provider"],
        row["model"],
        row["input_tokens"],
        row["output_tokens"],
        row["cache_read_tokens"],
        row["cache_creation_tokens"],
    )
    assert got == expected
    ctx = span.get_span_context()
    assert row["call_id"] == f"otel_{ctx.trace_id:032x}_{ctx.span_id:016x}"
    assert row["trace_id"] == f"{ctx.trace_id:032x}"
    assert row["usage_source"] == "reported" and row["cost_source"] == "computed" and row["cost_usd"] > 0
    assert len(exporter.get_finished_spans()) == 1  # the application's own export is untouched
    assert processor.recorded == 1


def test_attribution_agent_workflow_conversation_and_resource(otel, landing):
    tracer, tracker, _, _ = otel
    emit(
        tracer,
        {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4.1-mini",
            "gen_ai.usage.input_tokens": 10,
            "gen_ai.usage.output_tokens": 2,
            "gen_ai.agent.name": "Researcher",
            "gen_ai.agent.id": "agent-7",
            "gen_ai.workflow.name": "due-diligence",
            "gen_ai.workflow.id": "wf_123",
            "gen_ai.conversation.id": "conv_9",
            "gen_ai.response.id": "chatcmpl-abc",
            "gen_ai.operation.name": "chat",
            "user.id": "usr_0042_01",
        },
    )
    assert tracker.flush(10)
    (row,) = landed(landing)
    assert (row["agent_name"], row["workflow_name"], row["workflow_id"]) == (
        "Researcher",
        "due-diligence",
        "wf_123",
    )
    assert (row["session_id"], row["user_id"], row["source_call_id"]) == (
        "conv_9",
        "usr_0042_01",
        "chatcmpl-abc",
    )
    assert (row["customer_id"], row["organization_id"], row["feature_id"]) == ("cust_0042", "org_007", "chat")
    assert (row["environment"], row["client_id"]) == ("staging", "support-bot")
    assert row["metadata"]["gen_ai_agent_id"] == "agent-7" and row["metadata"]["gen_ai_operation"] == "chat"


def test_non_genai_spans_are_ignored_and_error_spans_recorded_as_errors(otel, landing):
    tracer, tracker, processor, _ = otel
    emit(tracer, {"http.route": "/api/chat"}, name="GET /api/chat")
    emit(
        tracer,
        {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "error.type": "rate_limit",
            "http.response.status_code": 429,
        },
        error=True,
    )
    emit(
        tracer,
        {"gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o", "error.type": "SomeSdkError"},
        error=True,
    )
    assert tracker.flush(10)
    first, second = landed(landing)
    assert (first["status"], first["error_type"], first["http_status"]) == ("error", "rate_limit", 429)
    assert (second["error_type"], second["metadata"]["error_type_raw"]) == ("other", "SomeSdkError")
    assert first["usage_source"] == "estimated"  # the span carried no token counts
    assert processor.recorded == 2


def test_malformed_spans_never_break_the_application(otel, landing):
    tracer, tracker, processor, exporter = otel
    emit(
        tracer,
        {
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": "many",
        },
    )
    emit(
        tracer,
        {"gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 5},
    )
    assert tracker.flush(10)
    assert (processor.rejected, processor.recorded) == (1, 1)
    assert [r["input_tokens"] for r in landed(landing)] == [5]
    assert len(exporter.get_finished_spans()) == 2


def collector_line(spans: list[dict], resource: dict | None = None) -> str:
    """One ExportTraceServiceRequest the way the collector's file exporter writes it (hex ids)."""
    attrs = [{"key": k, "value": {"stringValue": v}} for k, v in (resource or RESOURCE).items()]
    return json.dumps(
        {"resourceSpans": [{"resource": {"attributes": attrs}, "scopeSpans": [{"spans": spans}]}]}
    )


def otlp_span(span_id: str, parent: str | None, attrs: dict, name: str = "chat") -> dict:
    def value(v):
        return {"intValue": str(v)} if isinstance(v, int) else {"stringValue": v}

    return {
        "traceId": "5b8efff798038103d269b633813fc60c",
        "spanId": span_id,
        "parentSpanId": parent or "",
        "name": name,
        "kind": 3,
        "startTimeUnixNano": "1764000000000000000",
        "endTimeUnixNano": "1764000001500000000",
        "attributes": [{"key": k, "value": value(v)} for k, v in attrs.items()],
        "status": {},
    }


GENAI = {
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.usage.input_tokens": 50,
}


def test_otlp_json_file_lands_as_a_batch_with_parent_links(tmp_path, landing):
    spans = [
        otlp_span("1111111111111111", None, {"http.route": "/x"}, name="request"),
        otlp_span("2222222222222222", "1111111111111111", {**GENAI, "gen_ai.agent.name": "Orchestrator"}),
        otlp_span("3333333333333333", "2222222222222222", {"tool.name": "search"}, name="tool"),
        otlp_span("4444444444444444", "3333333333333333", {**GENAI, "gen_ai.usage.output_tokens": 7}),
    ]
    trace_file = tmp_path / "traces.jsonl"
    trace_file.write_text(collector_line(spans[:2]) + "\n\n" + collector_line(spans[2:]) + "\n")
    result = load_otlp_file(trace_file, landing)
    assert (result.spans, result.calls, result.rejected) == (4, 2, [])
    assert result.path == landing / "otlp" / "calls" / f"{result.batch_id}.jsonl"
    assert result.batch_id.startswith("otlp_") and len(result.batch_id) == 5 + 16
    rows = landed(landing, "otlp")
    trace = "5b8efff798038103d269b633813fc60c"
    assert [r["call_id"] for r in rows] == [
        f"otel_{trace}_2222222222222222",
        f"otel_{trace}_4444444444444444",
    ]
    assert rows[0]["parent_call_id"] is None and rows[1]["parent_call_id"] == rows[0]["call_id"]
    assert rows[0]["timestamp"] == "2025-11-24T16:00:00.000000Z" and rows[0]["latency_ms"] == 1500.0
    assert rows[0]["agent_name"] == "Orchestrator" and rows[1]["output_tokens"] == 7
    again = load_otlp_file(trace_file, landing)
    assert again.path == result.path and len(list(result.path.parent.iterdir())) == 1  # idempotent


def test_otlp_file_from_real_sdk_spans_protobuf_json(tmp_path, landing):
    """Spans exported by the real SDK, encoded by the OTLP exporter, printed as protobuf JSON (base64 ids)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create(RESOURCE))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    with (
        tracer.start_as_current_span("agent", attributes={**GENAI, "gen_ai.agent.name": "Planner"}) as parent,
        tracer.start_as_current_span("llm", attributes={**GENAI, "gen_ai.usage.output_tokens": 3}),
    ):
        pass
    provider.shutdown()
    message = encode_spans(exporter.get_finished_spans())
    trace_file = tmp_path / "sdk-traces.json"
    trace_file.write_text(MessageToJson(message, indent=None) + "\n")
    result = load_otlp_file(trace_file, landing)
    assert result.calls == 2
    rows = {r["call_id"]: r for r in landed(landing, "otlp")}
    ctx = parent.get_span_context()
    parent_id = f"otel_{ctx.trace_id:032x}_{ctx.span_id:016x}"
    assert parent_id in rows
    (child,) = [r for r in rows.values() if r["call_id"] != parent_id]
    assert child["parent_call_id"] == parent_id and child["output_tokens"] == 3
    assert child["customer_id"] == "cust_0042" and child["client_id"] == "support-bot"


def test_a_malformed_span_in_a_file_is_rejected_alone(tmp_path, landing):
    spans = [
        otlp_span("2222222222222222", None, {**GENAI, "gen_ai.usage.output_tokens": "lots"}),
        otlp_span("3333333333333333", None, GENAI),
    ]
    trace_file = tmp_path / "t.jsonl"
    trace_file.write_text(collector_line(spans) + "\n")
    result = load_otlp_file(trace_file, landing)
    assert result.calls == 1 and len(result.rejected) == 1 and "2222222222222222" in result.rejected[0]


def test_the_platform_loader_accepts_otlp_batches(tmp_path, landing):
    from include.loading.api import load_landing

    trace_file = tmp_path / "t.jsonl"
    trace_file.write_text(collector_line([otlp_span("2222222222222222", None, GENAI)]) + "\n")
    load_otlp_file(trace_file, landing)
    report = load_landing(tmp_path / "wh.duckdb", landing).to_dict()
    assert (report["rows_accepted"], report["rows_quarantined"]) == (1, 0)
    assert report["batches"][0]["source"] == "otlp"


def test_a_malformed_otlp_line_is_a_clear_error(tmp_path, landing):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"resourceSpans": [}\n')
    with pytest.raises(FinOpsError, match=r"bad.jsonl:1 is not an OTLP/JSON trace request"):
        load_otlp_file(bad, landing)
    assert not Path(landing / "otlp").exists()
