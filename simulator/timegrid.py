"""The hour spine of the window and the §5.3 time shaping.

Hour h covers [window_start + h·3600 s, +3600 s), the last slot possibly shorter when the window
is not a whole number of hours. Shaping uses the UTC hour and weekday of the slot start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from simulator.constants import HOUR_FACTORS, WEEKDAY_FACTORS

HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US


@dataclass(frozen=True)
class HourGrid:
    """Per-hour arrays of the window; index h is the hour index of §5.4."""

    start_us: int
    end_us: int
    slot_start_us: np.ndarray
    slot_len_us: np.ndarray
    utc_hour: np.ndarray
    weekday: np.ndarray  # Monday = 0
    epoch_hour: np.ndarray  # hours since 1970-01-01T00:00Z of the slot start (floor)

    @property
    def hours(self) -> int:
        return len(self.slot_start_us)

    @property
    def p(self) -> np.ndarray:
        """Position in the window of each hour: h ÷ H (§5.4)."""
        return np.arange(self.hours, dtype=np.float64) / self.hours

    @property
    def hour_of_week(self) -> np.ndarray:
        return self.weekday * 24 + self.utc_hour

    @property
    def shaping(self) -> np.ndarray:
        """Hour-of-day × day-of-week factor of every slot (§5.3)."""
        return np.asarray(HOUR_FACTORS)[self.utc_hour] * np.asarray(WEEKDAY_FACTORS)[self.weekday]

    @property
    def slot_fraction(self) -> np.ndarray:
        """Share of a full hour each slot covers (1 except a short last slot)."""
        return self.slot_len_us / HOUR_US

    def hour_of(self, ts_us: np.ndarray) -> np.ndarray:
        """Hour index of timestamps inside the window."""
        return ((np.asarray(ts_us) - self.start_us) // HOUR_US).astype(np.int64)


def to_us(moment: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime, exactly (no float rounding)."""
    delta = moment - datetime(1970, 1, 1, tzinfo=moment.tzinfo)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def build_grid(window_end: datetime, window_days: float) -> HourGrid:
    end_us = to_us(window_end)
    start_us = end_us - round(window_days * DAY_US)
    hours = -(-(end_us - start_us) // HOUR_US)
    slot_start = start_us + np.arange(hours, dtype=np.int64) * HOUR_US
    slot_len = np.minimum(HOUR_US, end_us - slot_start)
    epoch_hour = slot_start // HOUR_US
    days = slot_start // DAY_US
    return HourGrid(
        start_us=start_us,
        end_us=end_us,
        slot_start_us=slot_start,
        slot_len_us=slot_len,
        utc_hour=(epoch_hour % 24).astype(np.int64),
        weekday=((days + 3) % 7).astype(np.int64),  # 1970-01-01 was a Thursday
        epoch_hour=epoch_hour,
    )
