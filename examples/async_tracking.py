"""Seed 000, best practice 4 (non-blocking tracking) with the async OpenAI client.

``track_call`` never waits on the network, so it is safe inside a running event loop; the
instrumented ``AsyncOpenAI`` client records each call as it completes. ``use_metadata`` sets the
request's metadata for everything tracked inside it, per asyncio task.

Run: ``.venv/bin/python examples/async_tracking.py``
"""

from __future__ import annotations

import asyncio
import time

import openai
from _support import fake_provider, file_tracker, landed_calls, workspace
from finops_sdk import MetadataBuilder, instrument_openai, use_metadata


async def handle_request(client: openai.AsyncOpenAI, customer: str, question: str) -> str:
    md = (
        MetadataBuilder()
        .customer(customer)
        .feature("chat")
        .environment("production")
        .request(f"req_{customer}")
        .build()
    )
    with use_metadata(md):
        response = await client.chat.completions.create(
            model="gpt-4.1-nano", messages=[{"role": "user", "content": question}]
        )
    return response.choices[0].message.content


async def run(root) -> None:
    provider = fake_provider()
    provider.latency_s = 0.05
    tracker = file_tracker(root)
    client = instrument_openai(
        openai.AsyncOpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0), tracker
    )
    start = time.perf_counter()
    answers = await asyncio.gather(
        *(handle_request(client, f"cust_{i:04d}", f"question number {i}") for i in range(1, 9))
    )
    print(f"{len(answers)} concurrent requests answered in {time.perf_counter() - start:.2f}s")
    loop_start = time.perf_counter()
    for _ in range(1000):  # fire-and-forget from inside the event loop: no awaiting, no blocking
        tracker.track_call(
            provider="openai",
            model="gpt-4.1-nano",
            input_tokens=10,
            output_tokens=2,
            metadata={"customer_id": "cust_0001", "feature_id": "chat", "environment": "production"},
        )
    print(f"1000 more events tracked inside the loop in {(time.perf_counter() - loop_start) * 1000:.1f} ms")
    await client.close()
    tracker.close()


def main() -> None:
    root = workspace()
    asyncio.run(run(root))
    rows = landed_calls(root)
    per_request = sorted({r["request_id"] for r in rows if r["request_id"]})
    print(
        f"landed {len(rows)} calls; request ids: {per_request[0]} .. {per_request[-1]} ({len(per_request)})"
    )


if __name__ == "__main__":
    main()
