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
from datetime import UTC, datetime
from pathlib import Path

from fastapi import HTTPException, Request

KEY_PREFIX = "fo_"


def _digest(salt: bytes, secret: str) -> str:
    return hmac.new(salt, secret.encode("utf-8"), hashlib.sha256).hexdigest()


class KeyStore:
    """The hashed key table; verified keys are cached in memory (the hash check is per key, once)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}
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
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        if not key.startswith(KEY_PREFIX) or key.count("_") < 2:
            return None
        key_id, secret = key[len(KEY_PREFIX) :].split("_", 1)
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
            self._cache[key] = row[0]
        return row[0]


def key_from_request(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def caller_organization(request: Request) -> str:
    """FastAPI dependency: the organization of the request's key, else 401."""
    key = key_from_request(request)
    if not key:
        raise HTTPException(
            401,
            "missing API key: send X-API-Key: <key> or Authorization: Bearer <key> "
            "(create one with `finops api keys create --organization ORG`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    org = request.app.state.keys.organization_of(key)
    if org is None:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return org


def check_organization(caller: str, requested: str | None) -> None:
    """403 when a request names another organization than its key's (catalogue §7.4)."""
    if requested is not None and requested != caller:
        raise HTTPException(403, f"this API key belongs to another organization than {requested!r}")
