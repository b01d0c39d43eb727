"""Mart rows → JSON and CSV, the same way for downloads, chart data and the manifest.

DuckDB hands back ``Decimal`` for money columns, ``datetime`` for ``_at`` columns and ``date``
for ``_date`` columns; none of these is JSON. One ``default`` hook converts them (Decimal →
number, timestamps → ISO 8601 in UTC, dates → ISO dates) so a download, a chart and the
manifest never disagree on a value. CSV keeps Decimals exact (their own text).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

__all__ = ["csv_text", "dumps", "json_default", "jsonable", "write_csv", "write_json"]


def json_default(value: Any) -> Any:
    """``json.dumps`` hook for the types DuckDB returns that JSON lacks."""
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
            return value.isoformat().replace("+00:00", "Z")
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return value.hex()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} value {value!r} as JSON")


def jsonable(value: Any) -> Any:
    """A deep copy of ``value`` holding only JSON types; NaN and infinities become None."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    return jsonable(json_default(value))


def dumps(value: Any, **kwargs: Any) -> str:
    """JSON text of ``value`` (with :func:`json_default`); strict JSON, no NaN."""
    return json.dumps(jsonable(value), allow_nan=False, ensure_ascii=False, **kwargs)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, dict | list):
        return dumps(value)
    if isinstance(value, datetime | date | time | timedelta | UUID | bytes):
        return json_default(value)
    return value


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """CSV with a header row; NULL is an empty cell, nested values are JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as CSV; returns the bytes written."""
    data = csv_text(columns, rows).encode("utf-8")
    path.write_bytes(data)
    return len(data)


def write_json(path: Path, value: Any) -> int:
    """Write a value as indented JSON; returns the bytes written."""
    data = (dumps(value, indent=2) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)
