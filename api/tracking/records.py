"""Validated request bodies → full schema rows for the landing zone (one row = one record).

Rows carry exactly the schema columns of their record (docs/architecture.md: JSONL batches have
the ``<record>_schema.csv`` columns, ``metadata`` as JSON text); the organization is always the
caller's. Defaults the loader cannot derive are filled here: ids, ``timestamp``/``started_at`` =
now, the provider of a catalogue model, and the workflow's user/session/customer for its calls.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from fastapi import HTTPException
from pydantic import BaseModel

from api.tracking.ledger import Entry, content_sha
from include.reference import price_book, schema_columns, threshold


@cache
def _columns(record: str) -> tuple[str, ...]:
    return tuple(c["column_name"] for c in schema_columns(record))


@cache
def _providers() -> dict[str, str]:
    """Catalogue model → provider (the first provider listing it)."""
    found: dict[str, str] = {}
    for p in price_book():
        found.setdefault(p.model, p.provider)
    return found


def _iso(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC (isoformat: a third of strftime's cost)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def _now() -> str:
    return _iso(datetime.now(UTC))


def new_id(prefix: str, org: str, idempotency_key: str | None) -> str:
    """A generated id: derived from the Idempotency-Key when given, so a retry gets the same id."""
    if idempotency_key:
        return f"{prefix}_{hashlib.sha256(f'{org}|{idempotency_key}'.encode()).hexdigest()[:24]}"
    return f"{prefix}_{uuid.uuid4().hex}"


@cache
def _max_row_bytes() -> float:
    return threshold("max_row_bytes")


def _json_text(value: Any, sort_keys: bool = False) -> str:
    """Compact JSON text; orjson (several times faster on the hot path), the json module for what
    orjson refuses (integers past 64 bits, non-string keys)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
    except TypeError:
        return json.dumps(value, default=str, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False)


def _row(record: str, values: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The full schema row and its JSON text (what the ledger stores and the landing file holds)."""
    row: dict[str, Any] = dict.fromkeys(_columns(record))  # every column, in schema order
    for col, v in values.items():
        if col in row:
            row[col] = _iso(v) if isinstance(v, datetime) else v
    if "metadata" in row:
        row["metadata"] = _json_text(row["metadata"] or {}, sort_keys=True)
    text = _json_text(row)
    size = len(text.encode()) if not text.isascii() else len(text)
    if size > _max_row_bytes():
        raise HTTPException(413, f"a {record} record is {size} bytes; the limit is max_row_bytes")
    return row, text


def _entry(key: str, kind: str, record: str, values: dict[str, Any], sha: str) -> Entry:
    row, text = _row(record, values)
    return Entry(key, kind, row, sha, text)


def check_org(org: str, given: str | None) -> None:
    if given is not None and given != org:
        raise HTTPException(403, f"organization_id {given!r} is not the organization of this API key")


def call_entry(org: str, body: BaseModel, ledger_lookup: Any, idempotency_key: str | None) -> Entry:
    given = body.model_dump(exclude_unset=True)
    check_org(org, given.get("organization_id"))
    values = dict(given)
    values["organization_id"] = org
    values.setdefault("call_id", None)
    if not values["call_id"]:
        values["call_id"] = new_id("call", org, idempotency_key)
    values["timestamp"] = values.get("timestamp") or _now()
    if not values.get("provider"):
        provider = _providers().get(values["model"])
        if provider is None:
            raise HTTPException(
                422, f"provider is required for model {values['model']!r}, which is not in the price book"
            )
        values["provider"] = provider
    if values.get("workflow_id"):
        started = ledger_lookup(f"workflow_start:{values['workflow_id']}")
        if started is not None and started[0] == org:
            for col in ("workflow_name", "user_id", "session_id", "customer_id"):
                if not values.get(col) and started[1].get(col):
                    values[col] = started[1][col]
    values["customer_id"] = values.get("customer_id") or "unknown"
    given_sha = content_sha({k: v for k, v in given.items() if k != "call_id"} | {"id": values["call_id"]})
    return _entry(f"call:{values['call_id']}", "calls", "call", values, given_sha)


def workflow_start_entry(org: str, body: BaseModel, idempotency_key: str | None) -> Entry:
    given = body.model_dump(exclude_unset=True)
    check_org(org, given.get("organization_id"))
    values = dict(given, organization_id=org)
    values["workflow_id"] = values.get("workflow_id") or new_id("wf", org, idempotency_key)
    values["started_at"] = values.get("started_at") or _now()
    sha = content_sha(
        {k: v for k, v in given.items() if k != "workflow_id"} | {"id": values["workflow_id"]}
    )
    return _entry(f"workflow_start:{values['workflow_id']}", "workflows", "workflow", values, sha)


def workflow_end_entry(org: str, body: BaseModel, ledger_lookup: Any) -> Entry:
    given = body.model_dump(exclude_unset=True)
    check_org(org, given.get("organization_id"))
    started = ledger_lookup(f"workflow_start:{given['workflow_id']}")
    if started is None or started[0] != org:
        raise HTTPException(
            404, f"workflow {given['workflow_id']!r} was not started: POST workflows/start first"
        )
    values = dict(started[1])
    values.update({k: v for k, v in given.items() if k != "metadata"})
    if given.get("metadata"):
        values["metadata"] = {**json.loads(values.get("metadata") or "{}"), **given["metadata"]}
    else:
        values["metadata"] = json.loads(values.get("metadata") or "{}")
    ended = given.get("ended_at")
    values["ended_at"] = _iso(ended) if ended else _now()
    if values["ended_at"] < values["started_at"]:
        raise HTTPException(422, "ended_at is before the workflow's started_at")
    return _entry(
        f"workflow_end:{given['workflow_id']}", "workflows", "workflow", values, content_sha(given)
    )


def session_start_entry(org: str, body: BaseModel, idempotency_key: str | None) -> Entry:
    given = body.model_dump(exclude_unset=True)
    check_org(org, given.get("organization_id"))
    values = dict(given, organization_id=org, session_source="explicit")
    values["session_id"] = values.get("session_id") or new_id("ses", org, idempotency_key)
    values["started_at"] = values.get("started_at") or _now()
    values["customer_id"] = values.get("customer_id") or "unknown"
    sha = content_sha({k: v for k, v in given.items() if k != "session_id"} | {"id": values["session_id"]})
    return _entry(f"session_start:{values['session_id']}", "sessions", "session", values, sha)


def session_end_entry(org: str, session_id: str, body: BaseModel, ledger_lookup: Any) -> Entry:
    given = body.model_dump(exclude_unset=True)
    check_org(org, given.get("organization_id"))
    started = ledger_lookup(f"session_start:{session_id}")
    if started is None or started[0] != org:
        raise HTTPException(404, f"session {session_id!r} was not started: POST sessions/start first")
    values = dict(started[1])
    ended = given.get("ended_at")
    values["ended_at"] = _iso(ended) if ended else _now()
    if values["ended_at"] < values["started_at"]:
        raise HTTPException(422, "ended_at is before the session's started_at")
    return _entry(f"session_end:{session_id}", "sessions", "session", values, content_sha(given))
