"""Tracking POST endpoints of seed 003 (§7.4): validate, scope to the caller, commit durably, answer.

A 2xx means the records are committed to the ledger (fsync'd); they reach the landing zone within
``seal_interval`` seconds. Re-posting an id with the same content answers ``duplicate`` and stores
nothing new; the same id with different content (or owned by another organization) is 409.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Header, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from api.auth import caller_organization, key_from_headers, organization_for
from api.tracking import records
from api.tracking.ledger import Entry, Ledger
from api.tracking.models import (
    call_batch_model,
    call_model,
    session_end_model,
    session_start_model,
    workflow_end_model,
    workflow_start_model,
)

router = APIRouter(prefix="/v1/finops", tags=["tracking"])
Org = Annotated[str, Depends(caller_organization)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]  # see IDEMPOTENCY_KEY_MAX

CallIn = call_model()
CallBatch = call_batch_model()
WorkflowStart = workflow_start_model()
WorkflowEnd = workflow_end_model()
SessionStart = session_start_model()
SessionEnd = session_end_model()


def _ledger(request: Request) -> Ledger:
    return request.app.state.ledger


async def _submit(request: Request, org: str, entries: list[Entry]) -> list[str]:
    return await _commit(_ledger(request), org, entries)


async def _commit(ledger: Ledger, org: str, entries: list[Entry]) -> list[str]:
    """Commit ``entries``; 409 naming the ids when any is a conflict (then nothing was stored)."""
    outcome = await ledger.submit(org, entries)
    conflicts = [e.key.split(":", 1)[1] for e, o in zip(entries, outcome, strict=True) if o == "conflict"]
    if conflicts:
        raise HTTPException(
            409,
            f"id(s) already tracked with different content or by another organization: "
            f"{', '.join(conflicts[:20])}; nothing of this request was stored",
        )
    return outcome


async def _track_one(request: Request, org: str, entry: Entry, id_col: str) -> dict[str, Any]:
    """Commit one start/end record; the answer names its id and whether it was new."""
    outcome = await _submit(request, org, [entry])
    return {id_col: entry.record[id_col], "status": outcome[0]}


def _parse_calls(raw: bytes) -> BaseModel:
    """The body as a single call or an SDK batch; pydantic errors become 422s naming the field.

    The hottest endpoint parses its body itself (one JSON decode, one validation) instead of
    FastAPI's union handling, which validates against both shapes; the OpenAPI schema still
    documents both (see :func:`api.app.create_app`).
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:  # what orjson refuses but the json module reads (integers past 64 bits, NaN)
            data = json.loads(raw)
        except ValueError as exc:
            raise RequestValidationError(
                [{"loc": ("body",), "msg": f"JSON decode error: {exc}", "type": "json_invalid"}]
            ) from None
    model = CallBatch if isinstance(data, dict) and "calls" in data else CallIn
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


CALLS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        {"$ref": "#/components/schemas/CallIn"},
                        {"$ref": "#/components/schemas/CallBatch"},
                    ]
                }
            }
        },
    }
}


IDEMPOTENCY_KEY_MAX = 200
CALLS_OPENAPI = {
    **CALLS_BODY,
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX},
        },
    ],
}


async def accept_calls(
    state: Any, x_api_key: str | None, authorization: str | None, idempotency_key: str | None, raw: bytes
) -> tuple[int, dict[str, Any]]:
    """The whole of ``POST calls/track`` but the HTTP framing: (status, answer) or an exception
    (``HTTPException``, ``RequestValidationError``) that the caller renders as FastAPI would.

    Both :func:`track_calls` and the plain-ASGI fast path (:mod:`api.fasttrack`) call it, so the
    endpoint behaves the same whichever serves it.
    """
    org = organization_for(state.keys, key_from_headers(x_api_key, authorization))
    if idempotency_key is not None and len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise RequestValidationError(
            [
                {
                    "loc": ("header", "Idempotency-Key"),
                    "msg": "longer than 200 characters",
                    "type": "too_long",
                }
            ]
        )
    body = _parse_calls(raw)
    ledger: Ledger = state.ledger
    if isinstance(body, CallBatch):
        entries = [records.call_entry(org, c, ledger.lookup, None) for c in body.calls]
        if len({e.key for e in entries}) != len(entries):
            raise HTTPException(422, "calls: the same call_id appears twice in this batch")
        outcome = await _commit(ledger, org, entries)
        return 202, {
            "batch_id": body.batch_id,
            "accepted": outcome.count("accepted"),
            "duplicates": outcome.count("duplicate"),
            "call_ids": [e.record["call_id"] for e in entries],
        }
    entry = records.call_entry(org, body, ledger.lookup, idempotency_key)
    outcome = await _commit(ledger, org, [entry])
    return 202, {"call_id": entry.record["call_id"], "status": outcome[0]}


@router.post("/calls/track", status_code=202, response_model=None, openapi_extra=CALLS_OPENAPI)
async def track_calls(request: Request) -> JSONResponse:
    """Track one call (seed 003 body) or a batch ``{batch_id, source, calls}`` (the SDK's HTTP sink).

    The hottest endpoint reads its key and headers itself rather than through FastAPI's dependency
    machinery; the OpenAPI entry documents them all the same. A running server answers it through
    :mod:`api.fasttrack`, ahead of FastAPI's routing, with the same :func:`accept_calls`.
    """
    h = request.headers
    status, content = await accept_calls(
        request.app.state,
        h.get("x-api-key"),
        h.get("authorization"),
        h.get("idempotency-key"),
        await request.body(),
    )
    return JSONResponse(content, status_code=status)


@router.post("/workflows/start", status_code=202)
async def workflow_start(
    request: Request,
    org: Org,
    body: WorkflowStart,  # type: ignore[valid-type]
    idempotency_key: IdemKey = None,
) -> dict[str, Any]:
    """Start a workflow execution; pass the returned workflow_id with its calls and its end."""
    entry = records.workflow_start_entry(org, body, idempotency_key)
    return await _track_one(request, org, entry, "workflow_id")


@router.post("/workflows/end", status_code=202)
async def workflow_end(request: Request, org: Org, body: WorkflowEnd) -> dict[str, Any]:  # type: ignore[valid-type]
    """End a started workflow execution with its outcome."""
    entry = records.workflow_end_entry(org, body, _ledger(request).lookup)
    return await _track_one(request, org, entry, "workflow_id")


@router.post("/sessions/start", status_code=202)
async def session_start(
    request: Request,
    org: Org,
    body: SessionStart,  # type: ignore[valid-type]
    idempotency_key: IdemKey = None,
) -> dict[str, Any]:
    """Start a user session."""
    entry = records.session_start_entry(org, body, idempotency_key)
    return await _track_one(request, org, entry, "session_id")


@router.post("/sessions/{session_id}/end", status_code=202)
async def session_end(
    request: Request, org: Org, session_id: str, body: Annotated[SessionEnd | None, Body()] = None
) -> dict[str, Any]:  # type: ignore[valid-type]
    """End a started user session."""
    entry = records.session_end_entry(org, session_id, body or SessionEnd(), _ledger(request).lookup)
    return await _track_one(request, org, entry, "session_id")
