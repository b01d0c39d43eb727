"""Seed 004, multi-model routing: pick a model by task complexity, let the budget fall back.

The router asks for the model that fits the task; ``track_tokens`` serves it when the tenant's
budget allows and switches to the configured cheaper model when it does not, so the request is
still answered. Model names are catalogue models (``dbt_project/seeds/price_book.csv``).

Run: ``.venv/bin/python examples/multi_model_routing.py``
"""

from __future__ import annotations

import asyncio

import openai
from _support import fake_provider, workspace
from finops_sdk import CostTracker

MODEL_MAP = {"simple": "gpt-4.1-nano", "complex": "gpt-4.1", "critical": "o3"}


async def smart_route(cost_tracker: CostTracker, llm: openai.AsyncOpenAI, tenant_id: str, complexity: str):
    preferred = MODEL_MAP.get(complexity, "gpt-4.1-nano")
    async with cost_tracker.track_tokens(tenant_id, preferred, expected_input_tokens=2_000) as usage:
        response = await llm.chat.completions.create(
            model=usage.model, messages=[{"role": "user", "content": f"A {complexity} question"}]
        )
        usage["input_tokens"] = response.usage.prompt_tokens
        usage["output_tokens"] = response.usage.completion_tokens
    return preferred, usage.model


async def run(root) -> None:
    provider = fake_provider()
    cost_tracker = CostTracker(root / "budgets.sqlite3")
    # $0.003 a day: less than the estimate of one 2,000-token gpt-4.1 or o3 call ($0.004)
    cost_tracker.set_daily_budget("org_acme", 0.003, enforcement="fallback", fallback_model="gpt-4.1-mini")
    llm = openai.AsyncOpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0)
    for complexity in ["simple", "complex", "critical", "critical", "critical", "simple"]:
        preferred, served = await smart_route(cost_tracker, llm, "org_acme", complexity)
        note = "" if served == preferred else "  <- budget fallback"
        print(f"{complexity:8} wanted {preferred:12} served {served}{note}")
    await llm.close()
    stats = cost_tracker.tenant_stats("org_acme")
    print(f"fallback calls today: {stats['fallback_calls']} of {stats['calls']}")


def main() -> None:
    asyncio.run(run(workspace()))


if __name__ == "__main__":
    main()
