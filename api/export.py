"""The export report: every §7.4 answer of a period in one document, or a zip of CSV tables."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.queries import optimization, sessions, usage
from api.queries.attribution import every_dimension


class Format(StrEnum):
    json = "json"
    csv = "csv"


# The report's parts are independent queries; running them side by side (each thread has its own
# DuckDB cursor, and DuckDB releases the GIL while it works) makes the report as slow as its
# slowest part instead of their sum when a second core is free.
_PARTS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="finops-export")


def report(reader: SnapshotReader, org: str, period: DateRange) -> dict[str, Any]:
    parts: dict[str, Callable[[], Any]] = {
        "sessions": lambda: sessions.sessions(reader, org, period, limit=1000, offset=0),
        "overview": lambda: usage.overview(reader, org, period),
        "agents": lambda: usage.agents(reader, org, period),
        "models": lambda: usage.models(reader, org, period),
        "attribution": lambda: every_dimension(reader, org, period),
        "optimization": lambda: optimization.opportunities(reader, org, period.label),
    }
    running = {name: _PARTS.submit(part) for name, part in parts.items()}
    done = {name: future.result() for name, future in running.items()}
    return {
        "organization_id": org,
        **period.to_dict(),
        **{name: done[name] for name in ORDER},
    }


ORDER = ("overview", "agents", "models", "sessions", "attribution", "optimization")


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    writer = csv.DictWriter(out, fieldnames=columns or ["empty"], lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()})
    return out.getvalue()


def tables(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The report as flat tables (one CSV each)."""
    ov = doc["overview"]
    out = {
        "summary": [
            {
                **{k: doc[k] for k in ("organization_id", "period", "start", "end", "as_of")},
                **ov["summary"],
                **ov["optimization"],
            }
        ],
        "agents": [{"agent_name": k, **v} for k, v in doc["agents"]["agents"].items()],
        "models": [{"model": k, **v} for k, v in doc["models"]["models"].items()],
        "sessions": doc["sessions"]["sessions"],
        "opportunities": doc["optimization"]["opportunities"],
    }
    out["attribution"] = [
        {"dimension": dim, "value": value, **figures}
        for dim, values in doc["attribution"].items()
        for value, figures in values.items()
    ]
    return out


def to_zip(doc: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, rows in tables(doc).items():
            zf.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()
