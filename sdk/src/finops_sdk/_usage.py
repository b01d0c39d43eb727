"""Read token usage from real provider responses, and classify provider errors.

Counting rules of the call record (catalogue §2.1): ``input_tokens`` is **all** prompt
tokens, cache reads and writes included; ``output_tokens`` includes reasoning tokens.

- OpenAI chat completions: ``prompt_tokens`` already includes ``prompt_tokens_details.cached_tokens``
  (cache reads) and ``cache_write_tokens`` when present.
- OpenAI Responses API: ``input_tokens`` includes ``input_tokens_details.cached_tokens``.
- Anthropic messages: ``input_tokens`` *excludes* ``cache_read_input_tokens`` and
  ``cache_creation_input_tokens``, so the three are added up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from finops_sdk._exceptions import BudgetExceededError
from finops_sdk._reference import error_types


@dataclass
class Usage:
    """Token usage of one call, in the call record's counting rules."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0
    model: str | None = None
    provider: str | None = None
    estimated: bool = False


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _int(value: Any) -> int:
    return int(value) if value else 0


def openai_chat_usage(usage: Any, model: str | None = None) -> Usage:
    details = _get(usage, "prompt_tokens_details")
    return Usage(
        input_tokens=_int(_get(usage, "prompt_tokens")),
        output_tokens=_int(_get(usage, "completion_tokens")),
        cache_read_tokens=_int(_get(details, "cached_tokens")),
        cache_creation_tokens=_int(_get(details, "cache_write_tokens")),
        model=model,
        provider="openai",
    )


def openai_responses_usage(usage: Any, model: str | None = None) -> Usage:
    details = _get(usage, "input_tokens_details")
    return Usage(
        input_tokens=_int(_get(usage, "input_tokens")),
        output_tokens=_int(_get(usage, "output_tokens")),
        cache_read_tokens=_int(_get(details, "cached_tokens")),
        cache_creation_tokens=_int(_get(details, "cache_write_tokens")),
        model=model,
        provider="openai",
    )


def anthropic_usage(usage: Any, model: str | None = None) -> Usage:
    read = _int(_get(usage, "cache_read_input_tokens"))
    creation = _int(_get(usage, "cache_creation_input_tokens"))
    return Usage(
        input_tokens=_int(_get(usage, "input_tokens")) + read + creation,
        output_tokens=_int(_get(usage, "output_tokens")),
        cache_read_tokens=read,
        cache_creation_tokens=creation,
        model=model,
        provider="anthropic",
    )


def extract_usage(response: Any) -> Usage | None:
    """Usage of an OpenAI chat completion / response or an Anthropic message; None if unknown."""
    usage = _get(response, "usage")
    if usage is None:
        return None
    model = _get(response, "model")
    module = type(response).__module__
    if module.startswith("anthropic") or _get(response, "type") == "message":
        return anthropic_usage(usage, model)
    if _get(usage, "prompt_tokens") is not None:
        return openai_chat_usage(usage, model)
    if _get(usage, "input_tokens") is not None:
        return openai_responses_usage(usage, model)
    return None


def estimate_tokens(text_chars: int) -> int:
    """Rough token count of text (≈ 4 characters a token); used only when usage is missing."""
    return math.ceil(text_chars / 4) if text_chars > 0 else 0


def message_chars(messages: Any) -> int:
    """Characters of the text in chat/messages-style input, for estimating prompt tokens."""
    if isinstance(messages, str):
        return len(messages)
    total = 0
    for message in messages or ():
        content = _get(message, "content")
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(_get(part, "text") or "") for part in content)
    return total


def classify_error(exc: BaseException) -> tuple[str, int]:
    """(error_type, http_status) of a failed call (catalogue §2.2; unknown → ``other``)."""
    if isinstance(exc, BudgetExceededError):
        return exc.error_type, exc.http_status
    status = _get(exc, "status_code") or _get(_get(exc, "response"), "status_code")
    if isinstance(status, int):
        by_status = {code: name for name, code in error_types().items()}
        return by_status.get(status, "other"), status
    name = type(exc).__name__.lower()
    if isinstance(exc, TimeoutError) or "timeout" in name:
        return "timeout", error_types().get("timeout", 408)
    if "connection" in name:
        return "service_unavailable", error_types().get("service_unavailable", 503)
    return "other", 500
