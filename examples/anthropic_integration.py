"""Seed 000, Anthropic integration: the official ``anthropic`` client, instrumented, with prompt caching.

Anthropic reports ``input_tokens`` *without* cache reads and writes; the call record counts all
prompt tokens, so the wrapper adds ``cache_read_input_tokens`` and ``cache_creation_input_tokens``
and prices each bucket at its own rate (no token priced twice). Streams take usage from
``message_start`` and ``message_delta``.

Run: ``.venv/bin/python examples/anthropic_integration.py``
"""

from __future__ import annotations

import anthropic
from _support import fake_provider, file_tracker, landed_calls, workspace
from finops_sdk import MetadataBuilder, instrument_anthropic


def main() -> None:
    root = workspace()
    provider = fake_provider()
    provider.cache_read_tokens, provider.cache_creation_tokens = 3, 2
    tracker = file_tracker(root)
    metadata = MetadataBuilder().customer("cust_0001").feature("analysis").environment("production").build()
    client = instrument_anthropic(
        anthropic.Anthropic(base_url=provider.anthropic_base_url, api_key="sk-ant-local", max_retries=0),
        tracker,
        metadata,
    )
    messages = [{"role": "user", "content": "Summarise this quarterly report please"}]
    message = client.messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=messages)
    u = message.usage
    print(
        f"anthropic usage: input={u.input_tokens} cache_read={u.cache_read_input_tokens} "
        f"cache_creation={u.cache_creation_input_tokens} output={u.output_tokens}"
    )
    with client.messages.create(
        model="claude-haiku-4-5", max_tokens=256, messages=messages, stream=True
    ) as stream:
        kinds = [event.type for event in stream]
    print(f"stream events: {kinds[0]} ... {kinds[-1]} ({len(kinds)} events)")
    tracker.close()
    for row in landed_calls(root):
        print(
            f"tracked {row['model']}: input={row['input_tokens']} (read {row['cache_read_tokens']}, "
            f"write {row['cache_creation_tokens']}) output={row['output_tokens']} cost=${row['cost_usd']:.8f}"
        )


if __name__ == "__main__":
    main()
