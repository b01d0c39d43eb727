"""Encode one call record (catalogue §2.1) as the JSONL line the platform's loader reads.

The line carries exactly the columns of ``call_schema.csv`` (the single definition of the
record), with ``metadata`` as JSON *text*, as every landing file does (docs/architecture.md).
Encoding is split for speed: the metadata-derived columns (customer, organization, feature,
session, ... and the ``metadata`` JSON) are rendered once per :class:`Metadata` object and
reused, so the hot path only formats the per-call figures (ids, tokens, latency, cost).
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Mapping
from json.encoder import encode_basestring_ascii as _quote
from typing import Any

from finops_sdk._exceptions import ValidationError
from finops_sdk._metadata import Metadata
from finops_sdk._reference import call_columns

# Columns the tracker fills per call, in the order the line template uses.
PER_CALL_COLUMNS = (
    "call_id",
    "source_call_id",
    "timestamp",
    "provider",
    "model",
    "requested_model",
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cache_read_tokens",
    "cache_creation_tokens",
    "latency_ms",
    "ttft_ms",
    "cost_usd",
    "cost_source",
    "usage_source",
    "status",
    "error_type",
    "http_status",
)
# Dimension columns that are NOT NULL in the contract: "unknown" when the caller gave nothing.
UNKNOWN_DEFAULTS = {
    "organization_id": "unknown",
    "product_id": "unknown",
    "feature_id": "unknown",
    "customer_archetype": "unknown",
    "subscription_tier": "unknown",
    "region": "unknown",
}
_NUMERIC_COLUMNS = {"tier_price_usd"}

_rng = random.Random(os.urandom(16))
os.register_at_fork(after_in_child=lambda: _rng.seed(os.urandom(16)))


def new_call_id() -> str:
    """A time-ordered 128-bit id as 32 lowercase hex (48-bit ms clock + 80 random bits)."""
    return "%012x%020x" % (time.time_ns() // 1_000_000, _rng.getrandbits(80))


# (second, its formatted text): replaced as one tuple so threads never see a torn pair
_ts_cache: tuple[int, str] = (-1, "")


def format_timestamp(epoch_s: float) -> str:
    """ISO-8601 UTC with microseconds and ``Z`` (catalogue §1.3)."""
    whole = int(epoch_s)
    if epoch_s < 0 or whole >= 4102444800:  # 2100-01-01
        raise ValidationError(f"timestamp {epoch_s!r} is outside 2000-01-01..2100-01-01 UTC")
    micros = round((epoch_s - whole) * 1_000_000)
    if micros >= 1_000_000:
        whole, micros = whole + 1, micros - 1_000_000
    global _ts_cache
    cached = _ts_cache
    if cached[0] != whole:
        cached = _ts_cache = (whole, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)))
    return "%s.%06dZ" % (cached[1], micros)


def json_value(value: Any) -> str:
    """One JSON value; floats must be finite (NaN is not JSON)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"{value!r} is not a finite number")
        return repr(value)
    return json.dumps(value, separators=(",", ":"))


class RecordEncoder:
    """Builds JSONL lines for the current call schema (read from the seed once)."""

    def __init__(self) -> None:
        columns = call_columns()
        missing = [c for c in PER_CALL_COLUMNS if c not in columns]
        if missing:
            raise ValidationError(f"call_schema.csv lacks {missing}; the SDK and the schema seed disagree")
        self.columns = columns
        self.metadata_columns = tuple(c for c in columns if c not in PER_CALL_COLUMNS and c != "metadata")
        integers = {
            "input_tokens",
            "output_tokens",
            "total_tokens",
            "cache_read_tokens",
            "cache_creation_tokens",
            "http_status",
        }
        head = ",".join('"%s":%%%s' % (c, "d" if c in integers else "s") for c in PER_CALL_COLUMNS)
        self._template = "{" + head + ",%s}\n"

    def metadata_fragment(self, md: Metadata) -> str:
        """The metadata-derived columns of a record as JSON members; cached on ``md``."""
        cached = md._fragments.get(self)
        if cached is not None:
            return cached
        parts = []
        extra: dict[str, Any] = {}
        for key, value in md.items():
            if key not in self.metadata_columns and value is not None:
                if key in PER_CALL_COLUMNS:
                    raise ValidationError(
                        f"{key!r} is a per-call field; pass it to track_call, not in metadata"
                    )
                extra[key] = value
        for column in self.metadata_columns:
            value = md.get(column)
            if value is None:
                value = UNKNOWN_DEFAULTS.get(column)
            elif column in _NUMERIC_COLUMNS:
                value = float(value)
            parts.append('"%s":%s' % (column, json_value(value)))
        parts.append('"metadata":%s' % _quote(json.dumps(extra, separators=(",", ":"), sort_keys=True)))
        fragment = ",".join(parts)
        md._fragments[self] = fragment
        return fragment

    def encode(self, values: tuple, md: Metadata) -> bytes:
        """``values`` follow :data:`PER_CALL_COLUMNS`, already JSON-rendered."""
        return (self._template % (*values, self.metadata_fragment(md))).encode()


def decode_line(line: bytes | str) -> dict[str, Any]:
    """Parse one landing line back into a dict (``metadata`` stays JSON text)."""
    return json.loads(line)


def record_to_dict(line: bytes | str) -> dict[str, Any]:
    """Parse a line and also decode its ``metadata`` JSON, for tests and tools."""
    row = json.loads(line)
    row["metadata"] = json.loads(row["metadata"]) if row.get("metadata") else {}
    return row


def render_optional(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: json_value(v) for k, v in values.items()}
