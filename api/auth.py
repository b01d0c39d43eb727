"""API keys per organization, stored hashed, checked on every request.

A key looks like ``fo_<key_id>_<secret>``; the store (SQLite under the data dir) keeps the key id,
the organization, a random salt and HMAC-SHA-256(salt, secret) — never the key. ``finops api keys
create --organization ORG`` prints the key once. A request sends it as ``X-API-Key: <key>`` or
``Authorization: Bearer <key>``; the caller's organization then scopes every query and every
tracked record (catalogue §7.4).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi import HTTPException, Request

KEY_PREFIX = "fo_"


def _digest(salt: bytes, secret: str) -> str:
    return hmac.new(salt, secret.encode("utf-8"), hashlib.sha256).hexdigest()


CACHE_SECONDS = 60.0  # how long a verified key is trusted without re-reading the store


class KeyStore:
    """The hashed key table, with the verified keys cached in memory.

    The cache maps a key id to (organization, a digest of the secret under a per-process salt,
    when it was verified): a request costs one HMAC and a constant-time compare instead of a SQLite
    read, and the process never holds a plaintext key. Entries expire after ``CACHE_SECONDS``, so a
    key revoked in the store stops working within a minute in every server process.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._salt = secrets.token_bytes(16)
        self._cache: dict[str, tuple[str, bytes, float]] = {}
        with self._connect() as con:
            con.execute(
                "create table if not exists api_keys (key_id text primary key, organization_id text "
                "not null, salt blob not null, digest text not null, created_at text not null, "
                "revoked integer not null default 0)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def create(self, organization_id: str) -> str:
        """Store a new key for ``organization_id`` and return it (the only time it is visible)."""
        if not organization_id.strip():
            raise ValueError("organization_id must not be empty")
        key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(24), secrets.token_bytes(16)
        with self._connect() as con:
            con.execute(
                "insert into api_keys (key_id, organization_id, salt, digest, created_at) "
                "values (?, ?, ?, ?, ?)",
                [key_id, organization_id, salt, _digest(salt, secret), datetime.now(UTC).isoformat()],
            )
        return f"{KEY_PREFIX}{key_id}_{secret}"

    def organization_of(self, key: str) -> str | None:
        """The organization a key belongs to, or None for an unknown, malformed or revoked key."""
        if not key.startswith(KEY_PREFIX) or key.count("_") < 2:
            return None
        key_id, secret = key[len(KEY_PREFIX) :].split("_", 1)
        mine = hmac.new(self._salt, secret.encode("utf-8"), hashlib.sha256).digest()
        cached = self._cache.get(key_id)
        if cached is not None and time.monotonic() - cached[2] < CACHE_SECONDS:
            return cached[0] if hmac.compare_digest(mine, cached[1]) else None
        with self._connect() as con:
            row = con.execute(
                "select organization_id, salt, digest from api_keys where key_id = ? and revoked = 0",
                [key_id],
            ).fetchone()
        if row is None or not hmac.compare_digest(_digest(row[1], secret), row[2]):
            return None
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key_id] = (row[0], mine, time.monotonic())
        return row[0]


def key_from_headers(x_api_key: str | None, authorization: str | None) -> str | None:
    """The key a request sends as ``X-API-Key`` or ``Authorization: Bearer``."""
    if x_api_key and x_api_key.strip():
        return x_api_key.strip()
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def caller_organization(request: Request) -> str:
    """FastAPI dependency: the organization of the request's key, else 401."""
    headers = request.headers
    return organization_for(
        request.app.state.keys, key_from_headers(headers.get("x-api-key"), headers.get("authorization"))
    )


def organization_for(keys: KeyStore, key: str | None) -> str:
    """The organization of ``key``; 401 naming what to send when it is missing or unknown."""
    if not key:
        raise HTTPException(
            401,
            "missing API key: send X-API-Key: <key> or Authorization: Bearer <key> "
            "(create one with `finops api keys create --organization ORG`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    org = keys.organization_of(key)
    if org is None:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return org


def check_organization(caller: str, requested: str | None) -> None:
    """403 when a request names another organization than its key's (catalogue §7.4)."""
    if requested is not None and requested != caller:
        raise HTTPException(403, f"this API key belongs to another organization than {requested!r}")
