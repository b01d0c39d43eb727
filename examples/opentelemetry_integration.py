"""Seed 000, OpenTelemetry integration: GenAI spans become call events, traces stay correlated.

Two ways in:
1. live: add :class:`FinOpsSpanProcessor` to the application's ``TracerProvider`` next to its own
   exporters; every ended GenAI span (``gen_ai.*`` semantic conventions, old or new spelling)
   is tracked with its trace id;
2. files: :func:`load_otlp_file` converts the OpenTelemetry Collector's file-exporter output
   (OTLP/JSON) into a landing-zone batch ``<landing>/otlp/calls/otlp_<hash>.jsonl``.

Run: ``.venv/bin/python examples/opentelemetry_integration.py``
"""

from __future__ import annotations

import json

from _support import file_tracker, landed_calls, workspace
from finops_sdk import FinOpsSpanProcessor, load_otlp_file
from google.protobuf.json_format import MessageToJson
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def main() -> None:
    root = workspace()
    tracker = file_tracker(root)
    resource = Resource.create(
        {
            "service.name": "chat-api",
            "deployment.environment.name": "production",
            "finops.customer_id": "cust_0001",
            "finops.organization_id": "org_001",
            "finops.feature_id": "chat",
        }
    )
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(FinOpsSpanProcessor(tracker))
    exported = InMemorySpanExporter()  # stands in for the application's usual exporter
    provider.add_span_processor(SimpleSpanProcessor(exported))
    tracer = provider.get_tracer("example")

    with tracer.start_as_current_span("user.request", attributes={"http.route": "/api/chat"}) as parent:
        with tracer.start_as_current_span(
            "chat gpt-4o",
            attributes={
                "gen_ai.provider.name": "openai",
                "gen_ai.request.model": "gpt-4o",
                "gen_ai.usage.input_tokens": 1200,
                "gen_ai.usage.output_tokens": 300,
                "gen_ai.usage.cache_read.input_tokens": 800,
            },
        ):
            pass
        with tracer.start_as_current_span(
            "chat claude",
            attributes={  # the older spelling is accepted too
                "gen_ai.system": "anthropic",
                "gen_ai.request.model": "claude-sonnet-4-5",
                "gen_ai.usage.prompt_tokens": 500,
                "gen_ai.usage.completion_tokens": 120,
                "gen_ai.agent.name": "Reviewer",
            },
        ):
            pass
    trace_id = format(parent.get_span_context().trace_id, "032x")
    print(f"Trace ID: {trace_id}")
    tracker.flush()
    for row in landed_calls(root):
        print(
            f"span -> call {row['call_id'][:24]}...: {row['provider']}/{row['model']} "
            f"in={row['input_tokens']} out={row['output_tokens']} cost=${row['cost_usd']:.6f} "
            f"same trace={row['trace_id'] == trace_id}"
        )

    # The collector's file exporter writes one OTLP/JSON request per line; here we print one ourselves.
    trace_file = root / "collector-traces.json"
    trace_file.write_text(MessageToJson(encode_spans(exported.get_finished_spans()), indent=None) + "\n")
    result = load_otlp_file(trace_file, root / "landing")
    print(
        f"OTLP file: {result.spans} spans, {result.calls} calls -> landing/otlp/calls/{result.batch_id}.jsonl"
    )
    loaded = {r["call_id"]: r for r in landed_calls(root, "otlp")}
    live = {r["call_id"] for r in landed_calls(root)}
    print(f"same call ids from the live processor and the file: {set(loaded) == live}")
    print(json.dumps({r["agent_name"] or "-": r["model"] for r in loaded.values()}, sort_keys=True))
    provider.shutdown()
    tracker.close()


if __name__ == "__main__":
    main()
