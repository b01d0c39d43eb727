"""Column contracts of the call record as the loader needs them (from ``call_schema.csv``, §2.1, §3.2).

The schema seed is the one definition of the record; this module only adds the import-specific
knowledge of catalogue §3: synonyms, the required columns and which metadata keys may fill a column.
"""

from __future__ import annotations

from functools import cache

from include.reference import schema_columns

SYNONYMS: dict[str, str] = {
    "tenant_id": "organization_id",
    "tenant": "organization_id",
    "prompt_tokens": "input_tokens",
    "completion_tokens": "output_tokens",
    "ts": "timestamp",
    "call_ts": "timestamp",
}
REQUIRED: tuple[str, ...] = ("timestamp", "customer_id", "provider", "model", "input_tokens", "output_tokens")
TOKEN_COLUMNS: tuple[str, ...] = (
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cache_read_tokens",
    "cache_creation_tokens",
)
NON_NEGATIVE_VALUES: tuple[str, ...] = ("tier_price_usd", "latency_ms", "ttft_ms", "cost_usd")
# reason codes beyond §3.5 used for the other record kinds (§2.4, §2.6)
EXTRA_REASONS: tuple[str, ...] = ("bad_interval", "duplicate_key", "invalid_budget")
REASONS: tuple[str, ...] = (
    "wrong_column_count",
    "oversized_field",
    "missing_required_field",
    "bad_timestamp",
    "bad_number",
    "negative_tokens",
    "negative_value",
    "ttft_exceeds_latency",
    "total_tokens_mismatch",
    "cache_tokens_exceed_input",
    "bad_json_metadata",
    "unknown_status",
    "status_conflict",
    "unknown_model",
    "duplicate_row",
    *EXTRA_REASONS,
)


@cache
def record_columns(record: str = "call") -> tuple[tuple[str, str], ...]:
    """(name, data type) of every schema column of ``record``, in schema order."""
    return tuple((c["column_name"], c["data_type"].upper()) for c in schema_columns(record))


@cache
def call_columns() -> tuple[tuple[str, str], ...]:
    return record_columns("call")


@cache
def call_types() -> dict[str, str]:
    return dict(call_columns())


def fillable_from_metadata() -> tuple[str, ...]:
    """§3.3: metadata keys named like a §2.1 column fill that column when it is absent or empty."""
    return tuple(name for name, _ in call_columns() if name != "metadata")


def canonical_name(header: str) -> str:
    """Header cell → column name: trimmed, lower-cased, synonyms resolved."""
    name = header.strip().lower()
    return SYNONYMS.get(name, name)


def accepted_names(column: str) -> list[str]:
    return [column, *sorted(s for s, target in SYNONYMS.items() if target == column)]
