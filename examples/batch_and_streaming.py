"""Seed 004, common patterns: batch processing and streaming responses under a budget.

- batch: one ``track_tokens`` block around a loop of items, usage summed and recorded once;
- streaming: the body yields chunks of a real streamed chat completion and counts the usage
  of the final chunk (``stream_options.include_usage``).

Run: ``.venv/bin/python examples/batch_and_streaming.py``
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import openai
from _support import fake_provider, file_tracker, landed_calls, workspace
from finops_sdk import CostTracker, MetadataBuilder

MD = (
    MetadataBuilder()
    .customer("cust_0001")
    .organization("org_acme")
    .feature("analysis")
    .environment("production")
    .build()
)


async def process_batch(cost_tracker: CostTracker, llm: openai.AsyncOpenAI, tenant_id: str, items: list[str]):
    """Process several items under one budget check; usage is the sum over the items."""
    async with cost_tracker.track_tokens(tenant_id, "gpt-4.1-mini", 100 * len(items), metadata=MD) as usage:
        for item in items:
            result = await llm.chat.completions.create(
                model=usage.model, messages=[{"role": "user", "content": f"Classify: {item}"}]
            )
            usage["input_tokens"] += result.usage.prompt_tokens
            usage["output_tokens"] += result.usage.completion_tokens
    return usage


async def stream_response(
    cost_tracker: CostTracker, llm: openai.AsyncOpenAI, tenant_id: str, prompt: str
) -> AsyncIterator[str]:
    """Yield text as it arrives; the final chunk's usage is recorded when the stream ends."""
    async with cost_tracker.track_tokens(tenant_id, "gpt-4o-mini", 50, metadata=MD) as usage:
        stream = await llm.chat.completions.create(
            model=usage.model,
            messages=[{"role": "user", "content": prompt}],
            stream=True,
            stream_options={"include_usage": True},
        )
        async for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                yield chunk.choices[0].delta.content
            if chunk.usage:
                usage["input_tokens"] = chunk.usage.prompt_tokens
                usage["output_tokens"] += chunk.usage.completion_tokens


async def run(root) -> None:
    provider = fake_provider()
    tracker = file_tracker(root)
    cost_tracker = CostTracker(root / "budgets.sqlite3", tracker=tracker)
    cost_tracker.set_monthly_budget("org_acme", 100.0, enforcement="fallback", fallback_model="gpt-4.1-nano")
    llm = openai.AsyncOpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0)
    usage = await process_batch(cost_tracker, llm, "org_acme", ["invoice", "receipt", "contract", "memo"])
    print(
        f"batch of 4: {usage['input_tokens']} input + {usage['output_tokens']} output tokens on {usage.model}"
    )
    text = "".join(
        [piece async for piece in stream_response(cost_tracker, llm, "org_acme", "Tell me a story")]
    )
    print(f"streamed {len(text)} characters: {text!r}")
    await llm.close()
    stats = cost_tracker.tenant_stats("org_acme")
    print(
        f"tenant org_acme today: {stats['calls']} budgeted calls, tokens {stats['total_tokens_by_model']}, "
        f"${stats['daily_cost_usd']:.6f} of ${stats['daily_budget_usd']:.4f}"
    )
    tracker.close()
    print(
        "landed call records:",
        [(r["model"], r["input_tokens"], r["output_tokens"]) for r in landed_calls(root)],
    )


def main() -> None:
    asyncio.run(run(workspace()))


if __name__ == "__main__":
    main()
