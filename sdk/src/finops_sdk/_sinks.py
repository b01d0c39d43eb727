"""Where delivered batches go: the landing zone (file) or the analytics API (HTTP).

A sink receives a batch id and complete JSONL lines and either returns (delivered), raises
:class:`SinkError` (try again later) or :class:`PermanentSinkError` (never retry; the worker
moves the batch to the dead-letter folder). Sinks are idempotent per batch id: re-sending a
batch after a crash rewrites the same landing file / carries the same ``Idempotency-Key``.

HTTP contract (``POST <endpoint>/v1/finops/calls/track``): JSON body
``{"batch_id": str, "source": "sdk", "calls": [<call record>, ...]}`` where each call record
has the ``call_schema.csv`` columns (``metadata`` as JSON text); headers ``Idempotency-Key:
<batch_id>`` and ``Authorization: Bearer <api key>`` when a key is configured. Any 2xx means
accepted; 408, 425, 429 and 5xx are retried; other 4xx are permanent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import httpx

from finops_sdk._exceptions import PermanentSinkError, SinkError

TRACK_PATH = "/v1/finops/calls/track"
RETRYABLE_STATUS = {408, 425, 429}


class Sink(Protocol):
    """What the background worker delivers to."""

    name: str

    def send(self, batch_id: str, lines: list[bytes]) -> None: ...

    def close(self) -> None: ...


class FileSink:
    """Writes ``<landing>/sdk/calls/<batch_id>.jsonl`` atomically (temp name, then rename)."""

    name = "file"

    def __init__(self, landing_dir: str | os.PathLike[str], fsync: bool = True):
        self.directory = Path(landing_dir) / "sdk" / "calls"
        self.fsync = fsync

    def path_for(self, batch_id: str) -> Path:
        return self.directory / f"{batch_id}.jsonl"

    def send(self, batch_id: str, lines: list[bytes]) -> None:
        final = self.path_for(batch_id)
        tmp = self.directory / f".{batch_id}.jsonl.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(b"".join(lines))
                if self.fsync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp, final)
        except OSError as exc:
            raise SinkError(f"cannot write landing file {final}: {exc}") from exc

    def close(self) -> None:
        return None


class HttpSink:
    """Posts batches to the analytics API's tracking endpoint with a timeout on every request."""

    name = "http"

    def __init__(
        self,
        endpoint: str,
        api_key: str | None = None,
        timeout_s: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ):
        self.url = endpoint.rstrip("/") + TRACK_PATH
        headers = {"Content-Type": "application/json", "User-Agent": "finops-sdk-python"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s), headers=headers, transport=transport)

    def send(self, batch_id: str, lines: list[bytes]) -> None:
        body = (
            b'{"batch_id":"'
            + batch_id.encode()
            + b'","source":"sdk","calls":['
            + b",".join(line.rstrip(b"\n") for line in lines)
            + b"]}"
        )
        try:
            response = self._client.post(self.url, content=body, headers={"Idempotency-Key": batch_id})
        except httpx.HTTPError as exc:
            raise SinkError(f"POST {self.url} failed: {type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if 200 <= status < 300:
            return
        detail = response.text[:300]
        if status in RETRYABLE_STATUS or status >= 500:
            raise SinkError(f"POST {self.url} answered {status}: {detail}")
        raise PermanentSinkError(f"POST {self.url} rejected batch {batch_id} with {status}: {detail}")

    def close(self) -> None:
        self._client.close()
