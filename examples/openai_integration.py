"""Seed 000, OpenAI integration: the official ``openai`` client, instrumented, sync and streaming.

``instrument_openai`` wraps ``chat.completions.create`` (and ``responses.create``) of one client:
usage (cached tokens included), the served model and the latency are read from the real
response; streams get ``stream_options.include_usage`` and the usage of their final chunk.

Run: ``.venv/bin/python examples/openai_integration.py``
"""

from __future__ import annotations

import openai
from _support import fake_provider, file_tracker, landed_calls, workspace
from finops_sdk import MetadataBuilder, instrument_openai


def main() -> None:
    root = workspace()
    provider = fake_provider()
    provider.cache_read_tokens = 4
    provider.served_models = {"gpt-4o": "gpt-4o-2024-08-06"}  # providers answer with a dated snapshot
    tracker = file_tracker(root)
    metadata = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    client = instrument_openai(
        openai.OpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0), tracker, metadata
    )
    messages = [{"role": "user", "content": "Explain quantum computing in one line"}]

    response = client.chat.completions.create(model="gpt-4o", messages=messages)
    print("reply:", response.choices[0].message.content)
    print(
        f"usage: prompt={response.usage.prompt_tokens} completion={response.usage.completion_tokens} "
        f"cached={response.usage.prompt_tokens_details.cached_tokens}"
    )

    chunks = client.chat.completions.create(
        model="gpt-4o-mini", messages=messages, stream=True, finops_metadata={"task_type": "qa"}
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    print("streamed:", text)

    tracker.close()
    for row in landed_calls(root):
        print(
            f"tracked {row['model']}: in={row['input_tokens']} (cache read {row['cache_read_tokens']}) "
            f"out={row['output_tokens']} cost=${row['cost_usd']:.8f} usage={row['usage_source']} "
            f"latency={row['latency_ms']:.1f}ms"
        )


if __name__ == "__main__":
    main()
