"""Seed 000, context manager pattern and best practice 3 (track right after the call).

``tracker.track(...)`` times the block and records the call when it ends, also when it raises
(an ``error`` call with the provider's error type); ``@tracker.tracked(...)`` does the same for
a function; ``start_call()`` / ``stop()`` / ``fail()`` for code that cannot use a block.

Run: ``.venv/bin/python examples/context_manager.py``
"""

from __future__ import annotations

import time

import openai
from _support import fake_provider, file_tracker, landed_calls, workspace
from finops_sdk import MetadataBuilder


def main() -> None:
    root = workspace()
    provider = fake_provider()
    tracker = file_tracker(root)
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    client = openai.OpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0)
    messages = [{"role": "user", "content": "Hello"}]

    with tracker.track("openai", "gpt-4o", md, task_type="qa") as call:
        response = client.chat.completions.create(model="gpt-4o", messages=messages)
        call.record_response(response)
    print(f"context manager: call {call.call_id}")

    @tracker.tracked("openai", "gpt-4.1-mini", md, task_type="summarize")
    def summarize(text: str):
        return client.chat.completions.create(
            model="gpt-4.1-mini", messages=[{"role": "user", "content": text}]
        )

    summarize("A long document to summarise")
    print("decorator: summarize() tracked")

    call = tracker.start_call("anthropic", "claude-haiku-4-5", md)
    time.sleep(0.02)  # the model call would happen here
    call.set_usage(input_tokens=120, output_tokens=40)
    call.stop()
    print("start/stop: tracked by hand")

    try:
        with tracker.track("openai", "gpt-4o", md):
            client.chat.completions.create(model="error-429", messages=messages)
    except openai.RateLimitError:
        print("a rate-limited call was recorded as an error and re-raised")

    tracker.close()
    for row in landed_calls(root):
        print(
            f"{row['model']:18} status={row['status']:7} error={row['error_type']} "
            f"task={row['task_type']} latency={row['latency_ms']:.1f}ms cost=${row['cost_usd']:.8f}"
        )


if __name__ == "__main__":
    main()
