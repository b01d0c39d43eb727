"""Timing helpers and the official ``openai`` / ``anthropic`` clients against the local fake provider."""

from __future__ import annotations

import asyncio
import gc
import time

import anthropic
import openai
import pytest
from conftest import landed
from finops_sdk import instrument_anthropic, instrument_openai, use_metadata

PROMPT = [{"role": "user", "content": "hello there friend"}]  # 3 words + 4 per message = 7 tokens
REPLY_TOKENS = 9  # words of the fake provider's reply
PRICES = {"gpt-4o": (2.5, 10.0, 1.25), "claude-sonnet-4-5": (3.0, 15.0, 0.30, 3.75)}


def one_row(tracker, landing) -> dict:
    assert tracker.flush(10)
    rows = landed(landing)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.fixture
def oai(provider, make_tracker, md):
    tracker = make_tracker()
    client = openai.OpenAI(base_url=provider.openai_base_url, api_key="test", max_retries=0)
    return instrument_openai(client, tracker, md), tracker


@pytest.fixture
def claude(provider, make_tracker, md):
    tracker = make_tracker()
    client = anthropic.Anthropic(base_url=provider.anthropic_base_url, api_key="test", max_retries=0)
    return instrument_anthropic(client, tracker, md), tracker


# -- context manager, start/stop, decorator ------------------------------------------------------
def test_context_manager_times_the_block_and_records_usage(make_tracker, md, landing):
    tracker = make_tracker()
    with tracker.track("openai", "gpt-4o", md, task_type="qa") as call:
        time.sleep(0.06)
        call.set_usage(1000, 100, cache_read_tokens=200)
    row = one_row(tracker, landing)
    assert row["call_id"] == call.call_id
    assert 60 <= row["latency_ms"] < 5000
    assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (1000, 100, 200)
    assert row["cost_usd"] == pytest.approx((800 * 2.5 + 200 * 1.25 + 100 * 10) / 1e6)
    assert row["task_type"] == "qa" and row["usage_source"] == "reported"


def test_context_manager_records_a_failed_call_and_reraises(make_tracker, md, landing):
    tracker = make_tracker()
    with pytest.raises(TimeoutError), tracker.track("anthropic", "claude-haiku-4-5", md):
        raise TimeoutError("provider too slow")
    row = one_row(tracker, landing)
    assert (row["status"], row["error_type"], row["http_status"]) == ("error", "timeout", 408)


def test_start_stop_and_fail_record_exactly_once(make_tracker, md, landing):
    tracker = make_tracker()
    call = tracker.start_call("openai", "gpt-4o-mini", md)
    call.set_usage(10, 5)
    first = call.stop()
    assert call.stop() == first and call.fail(RuntimeError("late")) == first
    assert one_row(tracker, landing)["call_id"] == first


def test_decorator_reads_usage_from_sync_and_async_returns(provider, make_tracker, md, landing):
    tracker = make_tracker(spool_dir=landing.parent / "spool-deco", landing_dir=landing.parent / "deco")
    plain = openai.OpenAI(base_url=provider.openai_base_url, api_key="test", max_retries=0)

    @tracker.tracked("openai", "gpt-4o", md, feature_id="summarization")
    def summarize(text: str):
        return plain.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])

    @tracker.tracked("openai", "gpt-4o", md)
    async def answer():
        await asyncio.sleep(0.03)
        return {"model": "gpt-4o", "usage": {"prompt_tokens": 11, "completion_tokens": 3}}

    assert summarize.__name__ == "summarize"
    summarize("one two three")
    asyncio.run(answer())
    assert tracker.flush(10)
    first, second = landed(landing.parent / "deco")
    assert (first["input_tokens"], first["output_tokens"], first["feature_id"]) == (
        7,
        REPLY_TOKENS,
        "summarization",
    )
    assert (second["input_tokens"], second["output_tokens"]) == (11, 3) and second["latency_ms"] >= 30


def test_ambient_metadata_applies_per_task(make_tracker, landing):
    tracker = make_tracker()
    base = {"feature_id": "chat", "environment": "production"}

    async def call(customer: str) -> None:
        with use_metadata({**base, "customer_id": customer}):
            await asyncio.sleep(0.01)
            with tracker.track("openai", "gpt-4o-mini") as c:
                c.set_usage(1, 1)

    async def main() -> None:
        await asyncio.gather(*(call(f"cust_{i:04d}") for i in range(5)))

    asyncio.run(main())
    assert tracker.flush(10)
    assert sorted(r["customer_id"] for r in landed(landing)) == [f"cust_{i:04d}" for i in range(5)]


# -- OpenAI -------------------------------------------------------------------------------------
def test_openai_sync_reads_usage_cached_tokens_and_served_model(oai, provider, landing):
    client, tracker = oai
    provider.cache_read_tokens = 3
    provider.served_models = {"gpt-4o": "gpt-4o-2024-08-06"}
    response = client.chat.completions.create(
        model="gpt-4o", messages=PROMPT, finops_metadata={"task_type": "qa"}
    )
    assert response.choices[0].message.content.startswith("This is")
    row = one_row(tracker, landing)
    assert (row["provider"], row["model"]) == ("openai", "gpt-4o-2024-08-06")
    assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (7, REPLY_TOKENS, 3)
    i, o, c = PRICES["gpt-4o"]
    assert row["cost_usd"] == pytest.approx(
        (4 * i + 3 * c + REPLY_TOKENS * o) / 1e6
    )  # snapshot priced as gpt-4o
    assert row["task_type"] == "qa" and row["latency_ms"] > 0 and row["usage_source"] == "reported"


def test_openai_stream_takes_usage_from_the_final_chunk(oai, provider, landing):
    client, tracker = oai
    provider.cache_read_tokens = 2
    text = "".join(
        chunk.choices[0].delta.content or ""
        for chunk in client.chat.completions.create(model="gpt-4o", messages=PROMPT, stream=True)
        if chunk.choices
    )
    assert text == provider.reply
    row = one_row(tracker, landing)
    assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (7, REPLY_TOKENS, 2)
    assert row["usage_source"] == "reported"
    assert 0 < row["ttft_ms"] <= row["latency_ms"]


def test_openai_stream_without_usage_is_marked_estimated(oai, provider, landing):
    client, tracker = oai
    provider.stream_usage = False
    for _ in client.chat.completions.create(model="gpt-4o", messages=PROMPT, stream=True):
        pass
    row = one_row(tracker, landing)
    assert row["usage_source"] == "estimated"
    assert (
        row["input_tokens"] == 5 and row["output_tokens"] == len(provider.reply) // 4 + 1
    )  # ≈ 4 chars a token


def test_openai_stream_closed_early_is_still_recorded_once(oai, landing):
    client, tracker = oai
    with client.chat.completions.create(model="gpt-4o", messages=PROMPT, stream=True) as stream:
        next(iter(stream))
    assert one_row(tracker, landing)["status"] == "success"


def test_an_abandoned_stream_is_recorded_when_collected(oai, landing):
    client, tracker = oai
    stream = client.chat.completions.create(model="gpt-4o", messages=PROMPT, stream=True)
    for _ in stream:
        break  # the application stops reading and never closes the stream
    del stream
    gc.collect()
    row = one_row(tracker, landing)
    assert row["status"] == "success" and row["usage_source"] == "estimated"


def test_openai_client_pointed_at_another_provider(provider, make_tracker, md, landing):
    tracker = make_tracker()
    client = openai.OpenAI(base_url=provider.openai_base_url, api_key="test", max_retries=0)
    instrument_openai(client, tracker, md, provider="azure")
    client.chat.completions.create(model="gpt-4o-mini", messages=PROMPT)
    row = one_row(tracker, landing)
    assert (row["provider"], row["model"]) == ("azure", "gpt-4o-mini")
    assert row["cost_usd"] > 0 and "price_status" not in row["metadata"]  # priced as azure-gpt-4o-mini


def test_openai_responses_api(oai, provider, landing):
    client, tracker = oai
    provider.cache_read_tokens = 1
    client.responses.create(model="gpt-4o", input="hi there")
    row = one_row(tracker, landing)
    assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (6, REPLY_TOKENS, 1)


@pytest.mark.parametrize("with_usage", [True, False])
def test_openai_responses_stream(oai, provider, landing, with_usage):
    client, tracker = oai
    provider.cache_read_tokens, provider.stream_usage = 2, with_usage
    events = [e.type for e in client.responses.create(model="gpt-4o", input="hi there", stream=True)]
    assert events[0] == "response.created" and events[-1] == "response.completed"
    row = one_row(tracker, landing)
    if with_usage:
        assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (6, REPLY_TOKENS, 2)
        assert row["usage_source"] == "reported"
    else:
        assert row["usage_source"] == "estimated" and row["output_tokens"] == len(provider.reply) // 4 + 1
    assert 0 < row["ttft_ms"] <= row["latency_ms"]


@pytest.mark.filterwarnings("ignore:model 'error-")  # the fake error model has no price
def test_openai_error_is_recorded_with_its_type_and_reraised(oai, landing):
    client, tracker = oai
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model="error-429", messages=PROMPT)
    row = one_row(tracker, landing)
    assert (row["status"], row["error_type"], row["http_status"]) == ("error", "rate_limit", 429)
    assert row["input_tokens"] == 0 and row["cost_usd"] == 0


def test_openai_async_plain_and_streaming(provider, make_tracker, md, landing):
    tracker = make_tracker()
    client = openai.AsyncOpenAI(base_url=provider.openai_base_url, api_key="test", max_retries=0)
    instrument_openai(client, tracker, md)

    async def main() -> None:
        await client.chat.completions.create(model="gpt-4o-mini", messages=PROMPT)
        stream = await client.chat.completions.create(model="gpt-4o-mini", messages=PROMPT, stream=True)
        async for _ in stream:
            pass
        await client.close()

    asyncio.run(main())
    assert tracker.flush(10)
    rows = landed(landing)
    assert [(r["input_tokens"], r["output_tokens"], r["usage_source"]) for r in rows] == [
        (7, REPLY_TOKENS, "reported")
    ] * 2
    assert rows[0]["ttft_ms"] is None and rows[1]["ttft_ms"] > 0


# -- Anthropic ----------------------------------------------------------------------------------
def test_anthropic_sync_adds_cache_reads_and_writes_to_input(claude, provider, landing):
    client, tracker = claude
    provider.cache_read_tokens, provider.cache_creation_tokens = 2, 3
    message = client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=PROMPT)
    assert message.usage.input_tokens == 2  # Anthropic's input excludes cache reads and writes
    row = one_row(tracker, landing)
    assert (row["input_tokens"], row["cache_read_tokens"], row["cache_creation_tokens"]) == (7, 2, 3)
    i, o, c, w = PRICES["claude-sonnet-4-5"]
    assert row["cost_usd"] == pytest.approx((2 * i + 2 * c + 3 * w + REPLY_TOKENS * o) / 1e6)


def test_anthropic_stream_usage_from_message_start_and_delta(claude, provider, landing):
    client, tracker = claude
    provider.cache_read_tokens = 4
    events = [
        e.type
        for e in client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=PROMPT, stream=True)
    ]
    assert events[0] == "message_start" and events[-1] == "message_stop"
    row = one_row(tracker, landing)
    assert (row["input_tokens"], row["output_tokens"], row["cache_read_tokens"]) == (7, REPLY_TOKENS, 4)
    assert row["usage_source"] == "reported" and row["ttft_ms"] > 0


def test_anthropic_stream_without_usage_is_marked_estimated(claude, provider, landing):
    client, tracker = claude
    provider.stream_usage = False
    for _ in client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=PROMPT, stream=True):
        pass
    row = one_row(tracker, landing)
    assert row["usage_source"] == "estimated" and row["output_tokens"] > 0


@pytest.mark.filterwarnings("ignore:model 'error-")  # the fake error model has no price
def test_anthropic_async_plain_and_streaming_and_error(provider, make_tracker, md, landing):
    tracker = make_tracker()
    client = anthropic.AsyncAnthropic(base_url=provider.anthropic_base_url, api_key="test", max_retries=0)
    instrument_anthropic(client, tracker, md)

    async def main() -> None:
        await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=PROMPT)
        stream = await client.messages.create(
            model="claude-haiku-4-5", max_tokens=64, messages=PROMPT, stream=True
        )
        async for _ in stream:
            pass
        with pytest.raises(anthropic.AuthenticationError):
            await client.messages.create(model="error-401", max_tokens=64, messages=PROMPT)
        await client.close()

    asyncio.run(main())
    assert tracker.flush(10)
    rows = landed(landing)
    assert [(r["status"], r["input_tokens"]) for r in rows] == [("success", 7), ("success", 7), ("error", 0)]
    assert (rows[2]["error_type"], rows[2]["http_status"]) == ("authentication_error", 401)


def test_instrumenting_twice_records_once(oai, md, landing):
    client, tracker = oai
    instrument_openai(client, tracker, md)
    client.chat.completions.create(model="gpt-4o", messages=PROMPT)
    one_row(tracker, landing)
