"""Read-only connections to the serving snapshot, one cursor per worker thread.

A DuckDB connection object must not be used by two threads at once; ``cursor()`` gives each
thread its own connection to the same database instance. When
:func:`api.snapshot.refresh_snapshot` points the snapshot link at a new version, the next request
opens it under its own path (DuckDB caches one instance per path in a process, so the same path
would hand back the old data); requests still running on the old version finish on it, and the
old instance is freed once no thread holds a cursor on it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb

from api.snapshot import SnapshotError


class SnapshotReader:
    """Hands out thread-local read-only cursors on the current snapshot file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[str, int] | None = None
        self._generation = 0
        self._local = threading.local()
        self.memo: dict[object, object] = {}  # per-snapshot cache of small lookups (as_of dates)

    def _current(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        real = self.path.resolve()  # the versioned file the snapshot link points to
        try:
            st = real.stat()
        except FileNotFoundError:
            raise SnapshotError(
                f"no serving snapshot at {self.path}: run `finops api snapshot` after `finops run`"
            ) from None
        identity = (str(real), st.st_ino)
        with self._lock:
            if self._con is None or identity != self._identity:
                # one DuckDB thread per query: requests run in parallel threads already, and on a
                # busy machine intra-query parallelism only adds scheduling (bench: 2-5× faster)
                self._con = duckdb.connect(str(real), read_only=True, config={"threads": 1})
                self.memo = {}
                self._identity = identity
                self._generation += 1
            return self._con, self._generation

    def memoized(self, key: object, compute: Any) -> Any:
        """``compute()`` once per snapshot version (the memo is replaced when the snapshot moves)."""
        self._current()
        memo = self.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def cursor(self) -> duckdb.DuckDBPyConnection:
        con, generation = self._current()
        local = self._local
        if getattr(local, "generation", None) != generation:
            local.cursor = con.cursor()
            local.generation = generation
        return local.cursor

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a parameterised query as dictionaries."""
        cur = self.cursor().execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None
