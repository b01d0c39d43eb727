"""``POST /v1/finops/calls/track`` served as plain ASGI, ahead of FastAPI's routing.

Why. Tracking posts are the API's volume (issue 5: ≥ 2,000 a second on two cores). Profiling a
post flood showed a third of the server's CPU per post in the framework around the endpoint —
routing through every route's regex, the dependency and exception layers, the request and
response objects — not in the work (validate, commit, answer). This middleware recognises the
one hot request by method and path and calls the very function the FastAPI route calls
(:func:`api.routes_tracking.accept_calls`), rendering its answers and refusals exactly as FastAPI
would (``{"detail": ...}``, and the 422 body of :func:`api.errors.validation_content`). Every other
request, and the OpenAPI description of this one, stays with FastAPI. It sits inside
:class:`api.limits.BodyLimit`, so the body limit (413) still applies first.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from api.errors import validation_content
from api.routes_tracking import accept_calls

PATH = "/v1/finops/calls/track"
HEADERS = {b"x-api-key": 0, b"authorization": 1, b"idempotency-key": 2}


class FastTrack:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        found: list[str | None] = [None, None, None]
        for name, value in scope["headers"]:
            slot = HEADERS.get(name)
            if slot is not None and found[slot] is None:  # the first of a repeated header, as Starlette
                found[slot] = value.decode("latin-1")
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers: dict[str, str] | None = None
        try:
            status, content = await accept_calls(scope["app"].state, *found, b"".join(chunks))
        except HTTPException as exc:
            status, content, headers = exc.status_code, {"detail": exc.detail}, exc.headers
        except RequestValidationError as exc:
            status, content = 422, validation_content(exc.errors())
        body = orjson.dumps(content)
        raw_headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        for name, value in (headers or {}).items():  # e.g. WWW-Authenticate of a 401
            raw_headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": body})
