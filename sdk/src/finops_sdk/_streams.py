"""Wrap provider streams so the call is recorded when the stream ends.

The wrapper yields the provider's chunks unchanged. It marks time to first token on the first
content chunk, takes usage from the chunk that carries it (OpenAI: the final chunk when
``stream_options.include_usage`` is on; Anthropic: ``message_start`` + ``message_delta``) and,
when the stream carried no usage, records token counts estimated from the text with
``usage_source='estimated'``. The call is recorded once: at the end of iteration, on
``close()``/context exit, on an error (recorded as a failed call), or when an abandoned stream
is garbage-collected.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from finops_sdk._calls import CallTimer
from finops_sdk._usage import (
    Usage,
    _get,
    anthropic_usage,
    estimate_tokens,
    openai_chat_usage,
    openai_responses_usage,
)


class StreamObserver(ABC):
    """Accumulates what a stream reveals; subclasses know one provider's chunk format."""

    def __init__(self, call: CallTimer, prompt_chars: int):
        self.call = call
        self.prompt_chars = prompt_chars
        self.output_chars = 0
        self.model: str | None = None
        self.usage: Usage | None = None
        self.done = False

    @abstractmethod
    def observe(self, chunk: Any) -> None:
        """Read one chunk of the provider's stream (model, usage, output text)."""

    def finish(self, exc: BaseException | None = None) -> None:
        if self.done:
            return
        self.done = True
        if exc is not None:
            self.call.fail(exc)
            return
        if self.usage is not None:
            self.usage.model = self.usage.model or self.model
            self.call.usage = self.usage
        else:
            self.call.set_usage(
                estimate_tokens(self.prompt_chars),
                estimate_tokens(self.output_chars),
                model=self.model,
                estimated=True,
            )
        self.call.stop()


class OpenAIChatObserver(StreamObserver):
    def observe(self, chunk: Any) -> None:
        self.model = _get(chunk, "model") or self.model
        for choice in _get(chunk, "choices") or ():
            text = _get(_get(choice, "delta"), "content")
            if text:
                self.call.first_token()
                self.output_chars += len(text)
        usage = _get(chunk, "usage")
        if usage is not None:
            self.usage = openai_chat_usage(usage, self.model)


class OpenAIResponsesObserver(StreamObserver):
    def observe(self, event: Any) -> None:
        kind = _get(event, "type")
        if kind == "response.output_text.delta":
            self.call.first_token()
            self.output_chars += len(_get(event, "delta") or "")
        elif kind == "response.completed":
            response = _get(event, "response")
            self.model = _get(response, "model") or self.model
            if _get(response, "usage") is not None:
                self.usage = openai_responses_usage(_get(response, "usage"), self.model)


class AnthropicObserver(StreamObserver):
    def __init__(self, call: CallTimer, prompt_chars: int):
        super().__init__(call, prompt_chars)
        self._start_usage: Any = None
        self._output_tokens: int | None = None

    def observe(self, event: Any) -> None:
        kind = _get(event, "type")
        if kind == "message_start":
            message = _get(event, "message")
            self.model = _get(message, "model") or self.model
            self._start_usage = _get(message, "usage")
        elif kind == "content_block_delta":
            text = _get(_get(event, "delta"), "text")
            if text:
                self.call.first_token()
                self.output_chars += len(text)
        elif kind == "message_delta":
            usage = _get(event, "usage")
            if usage is not None and _get(usage, "output_tokens") is not None:
                self._output_tokens = int(_get(usage, "output_tokens"))
        if self._start_usage is not None and self._output_tokens is not None:
            merged = anthropic_usage(self._start_usage, self.model)
            merged.output_tokens = self._output_tokens
            self.usage = merged


class TrackedStream:
    """Sync stream proxy: iterate it exactly like the provider's stream."""

    def __init__(self, stream: Any, observer: StreamObserver):
        self._stream = stream
        self._observer = observer
        self._iter = iter(stream)

    def __iter__(self) -> TrackedStream:
        return self

    def __next__(self) -> Any:
        try:
            chunk = next(self._iter)
        except StopIteration:
            self._observer.finish()
            raise
        except Exception as exc:
            self._observer.finish(exc)
            raise
        self._observer.observe(chunk)
        return chunk

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._observer.finish()

    def __enter__(self) -> TrackedStream:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __del__(self) -> None:
        # abandoned mid-way (``break`` without close): record what was seen rather than nothing
        observer = self.__dict__.get("_observer")
        if observer is not None and not observer.done:
            observer.finish()


class AsyncTrackedStream:
    """Async stream proxy: ``async for`` it exactly like the provider's stream."""

    def __init__(self, stream: Any, observer: StreamObserver):
        self._stream = stream
        self._observer = observer
        self._iter = stream.__aiter__()

    def __aiter__(self) -> AsyncTrackedStream:
        return self

    async def __anext__(self) -> Any:
        try:
            chunk = await self._iter.__anext__()
        except StopAsyncIteration:
            self._observer.finish()
            raise
        except Exception as exc:
            self._observer.finish(exc)
            raise
        self._observer.observe(chunk)
        return chunk

    async def close(self) -> None:
        try:
            await self._stream.close()
        finally:
            self._observer.finish()

    async def __aenter__(self) -> AsyncTrackedStream:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __del__(self) -> None:
        observer = self.__dict__.get("_observer")
        if observer is not None and not observer.done:
            observer.finish()
