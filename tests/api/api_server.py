"""A real uvicorn server on a free loopback port, in a background thread, for the API tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from api.auth import KeyStore
from api.settings import ApiSettings, api_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_for(root: Path, snapshot: Path | None = None, seal_seconds: float = 0.2) -> ApiSettings:
    base = api_settings()
    return ApiSettings(
        warehouse_path=root / "warehouse.duckdb",
        snapshot_path=snapshot or root / "serving" / "agents.duckdb",
        keys_path=root / "api" / "keys.sqlite",
        ledger_path=root / "api" / "ledger.sqlite",
        landing_dir=root / "landing",
        max_body_bytes=base.max_body_bytes,
        seal_interval_seconds=seal_seconds,
    )


@contextmanager
def serve(settings: ApiSettings, app: Any = None) -> Iterator[str]:
    """Run the app (``create_app(settings)`` unless given) on 127.0.0.1:<free port>; yields the
    base URL; stops (and seals) on exit."""
    port = free_port()
    config = uvicorn.Config(
        app or create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 30 s")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def new_key(settings: ApiSettings, organization: str) -> str:
    return KeyStore(settings.keys_path).create(organization)


def client(base: str, key: str | None) -> httpx.Client:
    headers = {"X-API-Key": key} if key else {}
    return httpx.Client(base_url=base, headers=headers, timeout=30)
