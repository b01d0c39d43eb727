"""Seed 004, FastAPI endpoint integration: an OpenAI-compatible chat endpoint with budgets.

Each request is wrapped in ``cost_tracker.track_tokens(tenant_id, model, expected_input_tokens)``:
the tenant's daily budget is checked before the model is called; when the requested model would
exceed it the configured cheaper fallback is used (its own cost checked too); a call nothing can
pay for is answered 402. The actual usage is recorded after the call, with cost headers on the
response. The app is exercised in-process with FastAPI's TestClient; the model calls go to the
local fake provider.

Run: ``.venv/bin/python examples/budget_chat_endpoint.py``
"""

from __future__ import annotations

import openai
from _support import fake_provider, file_tracker, landed_calls, workspace
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from finops_sdk import BudgetExceededError, CostTracker, MetadataBuilder
from pydantic import BaseModel


class ChatCompletionRequest(BaseModel):
    model: str
    messages: list[dict]
    temperature: float = 1.0


def build_app(cost_tracker: CostTracker, llm: openai.AsyncOpenAI) -> FastAPI:
    app = FastAPI()

    @app.exception_handler(BudgetExceededError)
    async def over_budget(request: Request, exc: BudgetExceededError) -> JSONResponse:
        return JSONResponse(
            {"error": {"type": exc.error_type, "message": str(exc)}}, status_code=exc.http_status
        )

    @app.post("/api/v1/chat/completions")
    async def chat_completion(request: Request, body: ChatCompletionRequest) -> JSONResponse:
        tenant_id = request.headers.get("x-tenant-id", "default")  # e.g. from a JWT in production
        estimated_input = len(body.messages) * 100  # rough pre-call estimate (seed 004)
        md = (
            MetadataBuilder()
            .customer("cust_0001")
            .organization(tenant_id)
            .feature("chat")
            .environment("production")
            .build()
        )
        async with cost_tracker.track_tokens(
            tenant_id, body.model, expected_input_tokens=estimated_input, provider="openai", metadata=md
        ) as usage:
            response = await llm.chat.completions.create(
                model=usage.model, messages=body.messages, temperature=body.temperature
            )
            usage["input_tokens"] = response.usage.prompt_tokens
            usage["output_tokens"] = response.usage.completion_tokens
        cost = cost_tracker.cost_calculator.calculate(
            usage.model, usage["input_tokens"], usage["output_tokens"], provider="openai"
        )
        headers = {"X-Cost-USD": f"{cost.usd:.8f}", "X-Model-Served": usage.model}
        if usage.fallback:
            headers["X-Model-Requested"] = body.model
        return JSONResponse(response.model_dump(), headers=headers)

    @app.get("/api/v1/usage/stats")
    async def usage_stats(request: Request) -> dict:
        return cost_tracker.usage_stats(request.headers.get("x-tenant-id", "default"))

    return app


def main() -> None:
    root = workspace()
    provider = fake_provider()
    tracker = file_tracker(root)
    cost_tracker = CostTracker(root / "budgets.sqlite3", tracker=tracker)
    # about two gpt-4.1 calls' worth of budget for the day, then the fallback, then nothing
    cost_tracker.set_daily_budget("org_acme", 0.0005, enforcement="fallback", fallback_model="gpt-4.1-nano")
    cost_tracker.set_daily_budget("org_tiny", 0.0001, enforcement="block")
    llm = openai.AsyncOpenAI(base_url=provider.openai_base_url, api_key="sk-local", max_retries=0)
    body = {"model": "gpt-4.1", "messages": [{"role": "user", "content": "Plan my week in detail"}]}
    tenant = {"x-tenant-id": "org_acme"}
    with TestClient(build_app(cost_tracker, llm)) as client:  # one event loop for every request
        for i in range(1, 7):
            r = client.post("/api/v1/chat/completions", json=body, headers=tenant)
            if r.status_code == 200:
                print(
                    f"request {i}: 200 served by {r.headers['x-model-served']} "
                    f"cost ${r.headers['x-cost-usd']}"
                )
            else:
                print(f"request {i}: {r.status_code} {r.json()['error']['type']}")
        stats = client.get("/api/v1/usage/stats", headers=tenant).json()
        r = client.post("/api/v1/chat/completions", json=body, headers={"x-tenant-id": "org_tiny"})
        print(f"org_tiny (block, $0.0001/day): {r.status_code} {r.json()['error']['type']}")
    print("usage stats:", stats)
    tracker.close()
    rows = landed_calls(root)
    fallbacks = [r for r in rows if r["requested_model"]]
    print(
        f"tracked {len(rows)} calls, {len(fallbacks)} served by the fallback "
        f"for {fallbacks[0]['requested_model']}"
    )


if __name__ == "__main__":
    main()
