"""A local fake LLM provider that the official ``openai`` and ``anthropic`` clients can call.

Endpoints: ``POST /v1/chat/completions`` (OpenAI; JSON or SSE stream, final usage chunk when
``stream_options.include_usage`` is set), ``POST /v1/responses`` (OpenAI Responses; JSON or
typed-event stream with usage in ``response.completed``) and
``POST /v1/messages`` (Anthropic; JSON or SSE stream). Token counts are deterministic: prompt
tokens = words in the messages + 4 per message, completion tokens = words of the reply.

Knobs (attributes, change them between calls): ``cache_read_tokens``,
``cache_creation_tokens``, ``served_models`` (request → served name, e.g. a dated snapshot),
``stream_usage`` (False: streams carry no usage), ``fail_status`` (answer every request with
this HTTP error), ``latency_s``. A request whose model is ``error-<status>`` fails with that
status. ``requests`` counts calls per endpoint.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from typing import Any

from finops_sdk.testing._http import JsonHandler, LocalServer

_ANTHROPIC_ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


def _words(text: str) -> int:
    return len(text.split())


def _message_text(messages: Any) -> list[str]:
    if isinstance(messages, str):
        return [messages]
    texts = []
    for message in messages or ():
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        texts.append(content or "")
    return texts


class _Handler(JsonHandler):
    def do_POST(self) -> None:
        app: FakeProviderServer = self.server.app  # type: ignore[attr-defined]
        request = self.read_json()
        route = {
            "/v1/chat/completions": app._chat,
            "/v1/responses": app._responses,
            "/v1/messages": app._messages,
        }.get(self.path)
        if route is None:
            self.send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        with app.lock:
            app.requests[self.path] += 1
        if app.latency_s:
            time.sleep(app.latency_s)
        model = str(request.get("model", ""))
        status = app.fail_status or (
            int(model[6:]) if model.startswith("error-") and model[6:].isdigit() else 0
        )
        if status:
            self._error(status, anthropic=self.path == "/v1/messages")
            return
        route(self, request)

    def _error(self, status: int, anthropic: bool) -> None:
        headers = {"retry-after": "0"} if status == 429 else None
        if anthropic:
            payload = {
                "type": "error",
                "error": {
                    "type": _ANTHROPIC_ERRORS.get(status, "api_error"),
                    "message": f"fake provider error {status}",
                },
            }
        else:
            payload = {
                "error": {
                    "message": f"fake provider error {status}",
                    "type": "fake_error",
                    "code": str(status),
                }
            }
        self.send_json(status, payload, headers)

    def sse(self, events: list[tuple[str | None, Any]], delay: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for name, data in events:
            text = data if isinstance(data, str) else json.dumps(data)
            prefix = f"event: {name}\n" if name else ""
            self.wfile.write(f"{prefix}data: {text}\n\n".encode())
            self.wfile.flush()
            if delay:
                time.sleep(delay)


class FakeProviderServer(LocalServer):
    """Start with ``FakeProviderServer().start()`` (or ``with``); ``openai_base_url`` /
    ``anthropic_base_url`` are what the official clients need."""

    handler = _Handler

    def __init__(self, port: int = 0, reply: str = "This is a deterministic reply from the fake provider."):
        super().__init__(port)
        self.lock = threading.Lock()
        self.reply = reply
        self.cache_read_tokens = 0
        self.cache_creation_tokens = 0
        self.served_models: dict[str, str] = {}
        self.stream_usage = True
        self.fail_status = 0
        self.latency_s = 0.0
        self.chunk_delay_s = 0.0
        self.requests: Counter[str] = Counter()
        self._ids = 0

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url

    # -- shared ------------------------------------------------------------------------------
    def _next_id(self) -> int:
        with self.lock:
            self._ids += 1
            return self._ids

    def _counts(self, texts: list[str]) -> tuple[int, int, int, int]:
        prompt = sum(_words(t) for t in texts) + 4 * len(texts)
        read = min(self.cache_read_tokens, prompt)
        creation = min(self.cache_creation_tokens, prompt - read)
        return prompt, _words(self.reply), read, creation

    def _pieces(self) -> list[str]:
        words = self.reply.split(" ")
        return [w if i == 0 else " " + w for i, w in enumerate(words)]

    # -- OpenAI ------------------------------------------------------------------------------
    def _chat(self, handler: _Handler, request: dict[str, Any]) -> None:
        model = self.served_models.get(request["model"], request["model"])
        prompt, completion, read, creation = self._counts(_message_text(request.get("messages")))
        details: dict[str, int] = {"cached_tokens": read}
        if creation:
            details["cache_write_tokens"] = creation
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": details,
            "completion_tokens_details": {"reasoning_tokens": 0},
        }
        cid, created = f"chatcmpl-fake-{self._next_id()}", int(time.time())
        if not request.get("stream"):
            handler.send_json(
                200,
                {
                    "id": cid,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": self.reply},
                            "finish_reason": "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                },
            )
            return
        base = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model}
        events: list[tuple[str | None, Any]] = [
            (
                None,
                {
                    **base,
                    "choices": [
                        {"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}
                    ],
                },
            )
        ]
        events += [
            (None, {**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            for piece in self._pieces()
        ]
        events.append((None, {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
        include = (request.get("stream_options") or {}).get("include_usage")
        if include and self.stream_usage:
            events.append((None, {**base, "choices": [], "usage": usage}))
        events.append((None, "[DONE]"))
        handler.sse(events, self.chunk_delay_s)

    def _responses(self, handler: _Handler, request: dict[str, Any]) -> None:
        model = self.served_models.get(request["model"], request["model"])
        prompt, completion, read, _ = self._counts(_message_text(request.get("input")))
        response: dict[str, Any] = {
            "id": f"resp_fake_{self._next_id()}",
            "object": "response",
            "created_at": int(time.time()),
            "model": model,
            "status": "completed",
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "output": [
                {
                    "type": "message",
                    "id": "msg_fake",
                    "status": "completed",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": self.reply, "annotations": []}],
                }
            ],
            "usage": {
                "input_tokens": prompt,
                "input_tokens_details": {"cached_tokens": read},
                "output_tokens": completion,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": prompt + completion,
            },
        }
        if not request.get("stream"):
            handler.send_json(200, response)
            return
        # Responses API stream: typed events; usage only in ``response.completed``
        if not self.stream_usage:
            response["usage"] = None
        started = {**response, "status": "in_progress", "output": [], "usage": None}
        events: list[tuple[str | None, Any]] = [
            ("response.created", {"type": "response.created", "sequence_number": 0, "response": started})
        ]
        for n, piece in enumerate(self._pieces(), start=1):
            delta = {
                "type": "response.output_text.delta",
                "sequence_number": n,
                "item_id": "msg_fake",
                "output_index": 0,
                "content_index": 0,
                "delta": piece,
                "logprobs": [],
            }
            events.append(("response.output_text.delta", delta))
        completed = {"type": "response.completed", "sequence_number": len(events), "response": response}
        events.append(("response.completed", completed))
        handler.sse(events, self.chunk_delay_s)

    # -- Anthropic ---------------------------------------------------------------------------
    def _messages(self, handler: _Handler, request: dict[str, Any]) -> None:
        model = self.served_models.get(request["model"], request["model"])
        texts = _message_text(request.get("messages"))
        if isinstance(request.get("system"), str):
            texts.append(request["system"])
        prompt, completion, read, creation = self._counts(texts)
        usage = {
            "input_tokens": prompt - read - creation,
            "output_tokens": completion,
            "cache_read_input_tokens": read,
            "cache_creation_input_tokens": creation,
        }
        mid = f"msg_fake_{self._next_id()}"
        if not request.get("stream"):
            handler.send_json(
                200,
                {
                    "id": mid,
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [{"type": "text", "text": self.reply}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": usage,
                },
            )
            return
        start_usage = {**usage, "output_tokens": 1} if self.stream_usage else {}
        events: list[tuple[str | None, Any]] = [
            (
                "message_start",
                {
                    "type": "message_start",
                    "message": {
                        "id": mid,
                        "type": "message",
                        "role": "assistant",
                        "model": model,
                        "content": [],
                        "stop_reason": None,
                        "stop_sequence": None,
                        "usage": start_usage,
                    },
                },
            ),
            (
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            ),
        ]
        events += [
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}},
            )
            for piece in self._pieces()
        ]
        delta: dict[str, Any] = {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        }
        if self.stream_usage:
            delta["usage"] = {"output_tokens": completion}
        events += [
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", delta),
            ("message_stop", {"type": "message_stop"}),
        ]
        handler.sse(events, self.chunk_delay_s)
