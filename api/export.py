"""The export report: every §7.4 answer of a period in one document, or a zip of CSV tables."""

from __future__ import annotations

import csv
import io
import zipfile
from enum import StrEnum
from typing import Any

from api.db import SnapshotReader
from api.period import DateRange
from api.queries import optimization, sessions, usage
from api.queries.attribution import Dimension, attribution


class Format(StrEnum):
    json = "json"
    csv = "csv"


def report(reader: SnapshotReader, org: str, period: DateRange) -> dict[str, Any]:
    return {
        "organization_id": org,
        **period.to_dict(),
        "overview": usage.overview(reader, org, period),
        "agents": usage.agents(reader, org, period),
        "models": usage.models(reader, org, period),
        "sessions": sessions.sessions(reader, org, period, limit=1000, offset=0),
        "attribution": {d.value: attribution(reader, org, d, period)["attribution"] for d in Dimension},
        "optimization": optimization.opportunities(reader, org, period.label),
    }


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
