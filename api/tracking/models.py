"""Request bodies of the tracking endpoints, generated from the record schema seeds (§2.1, §2.4, §2.5).

``dbt_project/seeds/<record>_schema.csv`` is the one definition of each record: the field names
and types here are built from it through :func:`include.reference.schema_columns`, so a column
added to the seed is accepted by the API without touching this module. Unknown fields are refused
(422 naming the field): custom tags belong in ``metadata``.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from include.reference import schema_columns

NON_NEGATIVE = {
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cache_read_tokens",
    "cache_creation_tokens",
    "latency_ms",
    "ttft_ms",
    "cost_usd",
    "tier_price_usd",
}
SHORT_TEXT = 512  # ids, names and labels; metadata has its own byte limit (max_metadata_bytes)


def _metadata(value: dict[str, Any] | str | None) -> dict[str, Any] | None:
    """metadata is a JSON object, given as an object or as JSON text (the SDK sends text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError("metadata must be a JSON object or its JSON text") from None
        if not isinstance(value, dict):
            raise ValueError("metadata must be a JSON object")
    return value


Metadata = Annotated[dict[str, Any] | str | None, AfterValidator(_metadata)]


def field_type(name: str, data_type: str) -> Any:
    """The pydantic type of one schema column (always optional: requiredness is per endpoint)."""
    dt = data_type.upper()
    if dt == "JSON":
        return Metadata
    if dt == "TIMESTAMPTZ":
        return datetime | None
    if dt == "BOOLEAN":
        return bool | None
    if dt == "SMALLINT":
        return Annotated[int | None, Field(ge=100, le=599)]
    if dt == "BIGINT":
        return Annotated[int | None, Field(ge=0, le=2**62)] if name in NON_NEGATIVE else int | None
    if dt == "DOUBLE":
        return (
            Annotated[float | None, Field(ge=0, allow_inf_nan=False)]
            if name in NON_NEGATIVE
            else (Annotated[float | None, Field(allow_inf_nan=False)])
        )
    return Annotated[str | None, Field(max_length=SHORT_TEXT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def record_model(
    name: str,
    record: str,
    *,
    include: tuple[str, ...] | None = None,
    required: tuple[str, ...] = (),
    doc: str = "",
) -> type[BaseModel]:
    """A pydantic model of ``record``'s schema columns (``include`` restricts them)."""
    fields: dict[str, Any] = {}
    for col in schema_columns(record):
        cname = col["column_name"]
        if include is not None and cname not in include:
            continue
        typ = field_type(cname, col["data_type"])
        description = col.get("description") or None
        if cname in required:
            fields[cname] = (typ, Field(..., description=description))
        else:
            fields[cname] = (typ, Field(None, description=description))
    model = create_model(name, __base__=_Strict, **fields)
    model.__doc__ = doc or f"Fields of the {record} record (dbt_project/seeds/{record}_schema.csv)."
    return model


@cache
def call_model() -> type[BaseModel]:
    return record_model(
        "CallIn",
        "call",
        required=("model", "input_tokens", "output_tokens"),
        doc="One model call (§2.1). Omitted: call_id generated, timestamp = now, organization_id = "
        "the key's, provider from the price book, cost computed by the loader.",
    )


@cache
def workflow_start_model() -> type[BaseModel]:
    return record_model(
        "WorkflowStart",
        "workflow",
        required=("workflow_name",),
        include=(
            "workflow_id",
            "workflow_name",
            "organization_id",
            "customer_id",
            "user_id",
            "session_id",
            "started_at",
            "metadata",
        ),
        doc="Start of a workflow execution (§2.4); workflow_id is generated when omitted.",
    )


@cache
def workflow_end_model() -> type[BaseModel]:
    return record_model(
        "WorkflowEnd",
        "workflow",
        required=("workflow_id", "success"),
        include=("workflow_id", "organization_id", "ended_at", "success", "failure_error_type", "metadata"),
        doc="End of a started workflow execution (§2.4).",
    )


@cache
def session_start_model() -> type[BaseModel]:
    return record_model(
        "SessionStart",
        "session",
        include=("session_id", "user_id", "customer_id", "organization_id", "started_at"),
        doc="Start of a user session (§2.5); session_id is generated when omitted.",
    )


@cache
def session_end_model() -> type[BaseModel]:
    return record_model(
        "SessionEnd",
        "session",
        include=("ended_at", "organization_id"),
        doc="End of a started session (§2.5); the id is in the path.",
    )


@cache
def call_batch_model() -> type[BaseModel]:
    """The SDK's HTTP sink body (docs/architecture.md): a batch of call records."""
    return create_model(
        "CallBatch",
        __base__=_Strict,
        batch_id=(Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)], ...),
        source=(Annotated[str, Field(max_length=64)], "sdk"),
        calls=(Annotated[list[call_model()], Field(min_length=1, max_length=10_000)], ...),  # type: ignore[valid-type]
    )
