"""Stand-in for the analytics API's tracking endpoint (``POST /v1/finops/calls/track``)."""

from __future__ import annotations

import threading
from typing import Any

from finops_sdk._sinks import TRACK_PATH
from finops_sdk.testing._http import JsonHandler, LocalServer


class _Handler(JsonHandler):
    def do_POST(self) -> None:
        app: TrackingServer = self.server.app  # type: ignore[attr-defined]
        if self.path != TRACK_PATH:
            self.send_json(404, {"detail": f"unknown path {self.path}"})
            return
        body = self.read_json()
        with app.lock:
            app.requests += 1
            if app.status != 200:
                status = app.status
            else:
                status = 200
                app.batches.append(
                    {
                        "batch_id": body.get("batch_id"),
                        "idempotency_key": self.headers.get("Idempotency-Key"),
                        "authorization": self.headers.get("Authorization"),
                        "calls": body.get("calls", []),
                    }
                )
        if status == 200:
            self.send_json(200, {"accepted": len(body.get("calls", []))})
        else:
            self.send_json(status, {"detail": "tracking endpoint unavailable (test)"})


class TrackingServer(LocalServer):
    """Accepts batches while ``status == 200``; set ``status = 503`` to simulate an outage."""

    handler = _Handler

    def __init__(self, port: int = 0):
        super().__init__(port)
        self.lock = threading.Lock()
        self.status = 200
        self.requests = 0
        self.batches: list[dict[str, Any]] = []

    @property
    def calls(self) -> list[dict[str, Any]]:
        with self.lock:
            return [call for batch in self.batches for call in batch["calls"]]
