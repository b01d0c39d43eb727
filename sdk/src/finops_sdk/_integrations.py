"""Instrument the official ``openai`` and ``anthropic`` clients (sync and async).

``instrument_openai(client, tracker)`` / ``instrument_anthropic(client, tracker)`` replace the
``create`` methods of that client *instance* (``chat.completions`` and ``responses`` for
OpenAI, ``messages`` for Anthropic) with timed versions; nothing global is patched and the
return values are the provider's own objects (streams are wrapped, see ``_streams``).

Per call, pass ``finops_metadata=...`` (removed before the request is sent) or set ambient
metadata with :func:`use_metadata`. For OpenAI chat streams the wrapper asks for usage in the
final chunk (``stream_options={"include_usage": True}``) unless the caller set stream_options
or ``include_stream_usage=False``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from finops_sdk._calls import CallTimer
from finops_sdk._streams import (
    AnthropicObserver,
    AsyncTrackedStream,
    OpenAIChatObserver,
    OpenAIResponsesObserver,
    StreamObserver,
    TrackedStream,
)
from finops_sdk._usage import message_chars

if TYPE_CHECKING:
    from finops_sdk._tracker import Tracker


def _wrap(
    resource: Any,
    provider: str,
    tracker: Tracker,
    metadata: Mapping[str, Any] | None,
    observer_cls: type[StreamObserver] | None,
    prompt_key: str,
    add_usage_option: bool,
) -> None:
    original = resource.create
    if getattr(original, "__finops_wrapped__", False):
        return

    def prepare(kwargs: dict[str, Any]) -> CallTimer:
        call_md = kwargs.pop("finops_metadata", None)
        merged = dict(metadata or {})
        merged.update(call_md or {})
        if kwargs.get("stream") and add_usage_option and "stream_options" not in kwargs:
            kwargs["stream_options"] = {"include_usage": True}
        return CallTimer(tracker, provider, str(kwargs.get("model", "unknown")), merged or None).start()

    def observer(call: CallTimer, kwargs: dict[str, Any]) -> StreamObserver:
        assert observer_cls is not None
        return observer_cls(call, message_chars(kwargs.get(prompt_key)))

    # the SDKs' decorators hide coroutine functions from inspect; their async resources are Async*
    if inspect.iscoroutinefunction(original) or type(resource).__name__.startswith("Async"):

        @functools.wraps(original)
        async def async_create(*args: Any, **kwargs: Any) -> Any:
            call = prepare(kwargs)
            try:
                result = await original(*args, **kwargs)
            except Exception as exc:
                call.fail(exc)
                raise
            if kwargs.get("stream") and observer_cls is not None:
                return AsyncTrackedStream(result, observer(call, kwargs))
            call.stop(result)
            return result

        async_create.__finops_wrapped__ = True  # type: ignore[attr-defined]
        resource.create = async_create
        return

    @functools.wraps(original)
    def create(*args: Any, **kwargs: Any) -> Any:
        call = prepare(kwargs)
        try:
            result = original(*args, **kwargs)
        except Exception as exc:
            call.fail(exc)
            raise
        if kwargs.get("stream") and observer_cls is not None:
            return TrackedStream(result, observer(call, kwargs))
        call.stop(result)
        return result

    create.__finops_wrapped__ = True  # type: ignore[attr-defined]
    resource.create = create


def instrument_openai(
    client: Any,
    tracker: Tracker,
    metadata: Mapping[str, Any] | None = None,
    include_stream_usage: bool = True,
    provider: str = "openai",
) -> Any:
    """Track every ``chat.completions.create`` and ``responses.create`` of ``client``.

    ``provider``: who serves the calls when the OpenAI client points elsewhere (``azure`` for
    Azure OpenAI, ``mistral`` for an OpenAI-compatible endpoint, ...); it selects the price row.
    """
    _wrap(
        client.chat.completions,
        provider,
        tracker,
        metadata,
        OpenAIChatObserver,
        "messages",
        include_stream_usage,
    )
    responses = getattr(client, "responses", None)
    if responses is not None and hasattr(responses, "create"):
        _wrap(responses, provider, tracker, metadata, OpenAIResponsesObserver, "input", False)
    return client


def instrument_anthropic(client: Any, tracker: Tracker, metadata: Mapping[str, Any] | None = None) -> Any:
    """Track every ``messages.create`` of ``client``, streaming (``stream=True``) included."""
    _wrap(client.messages, "anthropic", tracker, metadata, AnthropicObserver, "messages", False)
    return client
