"""Planted abuse (§5.9)."""

from __future__ import annotations

from simulator.context import Context
from simulator.draws import Frame


def plant(ctx: Context, frames: list[Frame]) -> list[Frame]:
    return frames
