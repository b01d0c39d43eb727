"""Period selection of the analytics endpoints (catalogue §7.4).

``period`` ∈ 7d, 30d, 90d, all (default 30d) counts back from ``as_of`` = the organization's
latest call date, or ``start``/``end`` (ISO dates or timestamps, UTC) give the range. The marts are
daily, so a period is a range of whole UTC dates: ``Nd`` = the N dates ending on as_of's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from fastapi import HTTPException

from api.db import SnapshotReader
from include.settings import parse_utc

PeriodName = Literal["7d", "30d", "90d", "all"]
PERIOD_DAYS: dict[str, int | None] = {"7d": 7, "30d": 30, "90d": 90, "all": None}


@dataclass(frozen=True)
class DateRange:
    """Inclusive UTC date range; ``None`` bounds are open (period ``all``)."""

    label: str
    first: date | None
    last: date | None
    as_of: date | None

    def sql(self, column: str) -> tuple[str, list[object]]:
        """A parameterised filter on ``column`` (a date or the date of a timestamp)."""
        parts, params = [], []
        if self.first is not None:
            parts.append(f"{column} >= ?")
            params.append(self.first)
        if self.last is not None:
            parts.append(f"{column} <= ?")
            params.append(self.last)
        return (" and ".join(parts) or "true"), params

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.label,
            "start": self.first.isoformat() if self.first else None,
            "end": self.last.isoformat() if self.last else None,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


def _as_date(value: str, name: str) -> date:
    try:
        return parse_utc(value).date() if "T" in value or " " in value else date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}={value!r} is not an ISO date or timestamp") from None


def latest_call_date(reader: SnapshotReader, organization_id: str) -> date | None:
    """The organization's latest call date (memoized per snapshot version: it only moves on refresh)."""

    def compute() -> date | None:
        row = reader.one(
            "select max(date) as d from rpt_agents__model_daily where organization_id = ?",
            [organization_id],
        )
        value = row["d"] if row else None
        return value.date() if isinstance(value, datetime) else value

    return reader.memoized(("as_of", organization_id), compute)


def resolve(
    reader: SnapshotReader,
    organization_id: str,
    period: str | None,
    start: str | None,
    end: str | None,
) -> DateRange:
    """The date range a request asks for (period, or start/end; 30d by default)."""
    if start or end:
        if period:
            raise HTTPException(422, "give either period or start/end, not both")
        last = _as_date(end, "end") if end else latest_call_date(reader, organization_id)
        first = _as_date(start, "start") if start else (last - timedelta(days=29) if last else None)
        if first and last and first > last:
            raise HTTPException(422, f"start {first} is after end {last}")
        return DateRange("custom", first, last, last)
    label = period or "30d"
    if label not in PERIOD_DAYS:
        raise HTTPException(422, f"period={label!r} is not one of {', '.join(PERIOD_DAYS)}")
    as_of = latest_call_date(reader, organization_id)
    days = PERIOD_DAYS[label]
    if days is None or as_of is None:
        return DateRange(label, None, None, as_of)
    return DateRange(label, as_of - timedelta(days=days - 1), as_of, as_of)
