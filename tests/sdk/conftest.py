"""Fixtures of the SDK suite: isolated environment, local servers, trackers that always close."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from finops_sdk import MetadataBuilder, Tracker
from finops_sdk.testing import FakeProviderServer, TrackingServer


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's FINOPS_* settings or writes outside its tmp folder."""
    import os

    for name in list(os.environ):
        if name.startswith("FINOPS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def md():
    return (
        MetadataBuilder()
        .customer("cust_0001")
        .organization("org_001")
        .feature("chat")
        .environment("production")
        .build()
    )


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    return tmp_path / "landing"


@pytest.fixture
def make_tracker(tmp_path: Path) -> Iterator[Any]:
    made: list[Tracker] = []

    def make(sink: Any = "file", **kwargs: Any) -> Tracker:
        kwargs.setdefault("spool_dir", tmp_path / "spool")
        if sink == "file":
            kwargs.setdefault("landing_dir", tmp_path / "landing")
        kwargs.setdefault("flush_interval_s", 0.05)
        kwargs.setdefault("register_atexit", False)
        tracker = Tracker(sink, **kwargs)
        made.append(tracker)
        return tracker

    yield make
    for tracker in made:
        tracker.close(timeout_s=2)


@pytest.fixture
def provider() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as server:
        yield server


@pytest.fixture
def tracking_server() -> Iterator[TrackingServer]:
    with TrackingServer() as server:
        yield server


@pytest.fixture
def down_http_tracker(make_tracker, tracking_server) -> Tracker:
    """An HTTP tracker whose endpoint answers 503 and whose circuit opens at once and stays open."""
    from finops_sdk import CircuitBreaker, RetryPolicy

    tracking_server.status = 503
    return make_tracker(
        "http",
        endpoint=tracking_server.url,
        retry=RetryPolicy(attempts=1),
        breaker=CircuitBreaker(failure_threshold=1, reset_timeout_s=3600),
    )


def landed(landing: Path, source: str = "sdk") -> list[dict[str, Any]]:
    """Every record in the landing zone's JSONL files of ``source``, metadata decoded."""
    rows = []
    for path in sorted((landing / source / "calls").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            row["metadata"] = json.loads(row["metadata"])
            rows.append(row)
    return rows
