"""The tracking ledger: durable, idempotent intake of tracked records, sealed into landing batches.

Why a ledger. A 2xx must mean the event is on disk, and a re-post of an id must not be loaded twice;
writing one landing file per request would give the loader thousands of one-row batches. So each
request's records are committed to a SQLite ledger (WAL, ``synchronous=FULL``: fsync before the
answer) with a unique key per record id — a re-post with the same content is reported as a
duplicate and stored once, the same id with other content (or from another organization) is a
conflict. One writer thread commits the requests that arrived together in one transaction (group
commit), which is what makes thousands of posts a second possible.

Several server processes. ``finops api`` runs one worker process per core, each with its own writer
thread, all on the same ledger file — one ledger, so a re-post is a duplicate whichever worker
receives it. Each commit holds an exclusive ``flock`` on ``<ledger>.lock`` (waiters wake the moment
it is released, where SQLite's own busy handler would sleep and poll), and only one process at a
time seals (``<ledger>.seal.lock``; a worker that finds another one sealing skips its turn, and
every worker seals, waiting for the lock, when it stops). SQLite hands out ``seq`` inside the
serialised write transactions, so a sealed range never misses a row another process commits later.

Sealing. Every ``seal_interval`` seconds (and at shutdown) the writer copies the records committed
since the last seal into ``<landing>/api/<kind>/api_<kind>_<first seq>_<last seq>.jsonl``
(temporary name, fsync, rename: the loader never sees half a file). The range is recorded as an
intent before the files are written, so a crash mid-seal rewrites the very same files on restart
instead of landing the records under a second batch id. Within one file a workflow's or session's
end record supersedes its start record (one row per id per batch); across batches staging keeps the
row of the latest batch (§3.6).
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

KIND_ID = {"calls": "call_id", "workflows": "workflow_id", "sessions": "session_id"}


@dataclass
class Entry:
    """One record to track: its unique key (e.g. ``call:<id>``), landing kind and row."""

    key: str
    kind: str
    record: dict[str, Any]
    given_sha: str  # hash of what the client sent: equal re-posts are duplicates
    text: str  # the record as JSON text, one landing line


@dataclass
class _Request:
    org: str
    entries: list[Entry]
    loop: asyncio.AbstractEventLoop | None
    future: Any
    outcome: list[str] = field(default_factory=list)


def content_sha(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class Ledger:
    """Group-committing writer thread over a SQLite ledger, plus the sealer."""

    def __init__(self, path: Path, landing_dir: Path, seal_interval: float = 1.0, seal_max: int = 5000):
        self.path, self.landing_dir = Path(path), Path(landing_dir)
        self.seal_interval, self.seal_max = seal_interval, seal_max
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._local = threading.local()
        self._commit_lock = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        self._seal_lock = os.open(f"{self.path}.seal.lock", os.O_RDWR | os.O_CREAT, 0o644)
        con = self._open()
        con.executescript(
            """create table if not exists events (seq integer primary key autoincrement,
                   key text not null unique, kind text not null, org text not null,
                   sha text not null, record text not null);
               create table if not exists meta (name text primary key, value text not null);"""
        )
        con.close()

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        con.execute("pragma journal_mode=wal")
        con.execute("pragma synchronous=full")
        return con

    # ---- lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        self._writer = self._open()
        self.seal(wait=True)  # finish an interrupted seal and land what an earlier run left unsealed
        self._thread = threading.Thread(target=self._run, name="finops-ledger", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=60)
            self._thread = None
        self.seal(wait=True)
        self._writer.close()
        os.close(self._commit_lock)
        os.close(self._seal_lock)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Hold the ledger's write lock across processes (see the module docstring)."""
        fcntl.flock(self._commit_lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._commit_lock, fcntl.LOCK_UN)

    # ---- intake --------------------------------------------------------------------------------
    async def submit(self, org: str, entries: list[Entry]) -> list[str]:
        """Commit ``entries`` durably; per entry ``accepted``, ``duplicate`` or ``conflict``.

        A request with any conflict writes nothing (all its entries answer ``conflict`` or
        ``rolled_back``), so the client can fix and re-post it as a whole.
        """
        loop = asyncio.get_running_loop()
        request = _Request(org, entries, loop, loop.create_future())
        self._queue.put(request)
        return await request.future

    def lookup(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """(organization, record) stored under ``key`` (e.g. ``workflow_start:<id>``), if any."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self._open()
        row = con.execute("select org, record from events where key = ?", [key]).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    # ---- writer thread -------------------------------------------------------------------------
    def _run(self) -> None:
        last_seal = time.monotonic()
        stopping = False
        while not stopping:
            timeout = max(0.0, self.seal_interval - (time.monotonic() - last_seal))
            batch: list[_Request] = []
            try:
                item = self._queue.get(timeout=timeout)
                while True:
                    if item is None:
                        stopping = True
                        break
                    batch.append(item)
                    if len(batch) >= 2000:
                        break
                    item = self._queue.get_nowait()
            except queue.Empty:
                pass
            if batch:
                self._commit(batch)
            if time.monotonic() - last_seal >= self.seal_interval:
                self.seal()
                last_seal = time.monotonic()

    def _commit(self, batch: list[_Request]) -> None:
        con = self._writer
        try:
            with self._exclusive():
                self._commit_locked(con, batch)
        except Exception as exc:  # answer 503 rather than leave clients hanging
            if con.in_transaction:
                con.execute("rollback")
            self._resolve(batch, exc)
            return
        self._resolve(batch, None)

    def _commit_locked(self, con: sqlite3.Connection, batch: list[_Request]) -> None:
        con.execute("begin immediate")
        for req in batch:
            if len(req.entries) == 1:  # a lone insert-or-ignore needs no savepoint to undo
                req.outcome = [self._insert(con, req.org, req.entries[0])]
                continue
            con.execute("savepoint r")
            req.outcome = [self._insert(con, req.org, e) for e in req.entries]
            if "conflict" in req.outcome:
                con.execute("rollback to r")
                req.outcome = [o if o == "conflict" else "rolled_back" for o in req.outcome]
            con.execute("release r")
        con.execute("commit")  # synchronous=FULL: the WAL is fsync'd before any request is answered

    @staticmethod
    def _insert(con: sqlite3.Connection, org: str, e: Entry) -> str:
        cur = con.execute(
            "insert or ignore into events (key, kind, org, sha, record) values (?, ?, ?, ?, ?)",
            [e.key, e.kind, org, e.given_sha, e.text],
        )
        if cur.rowcount == 1:
            return "accepted"
        found = con.execute("select org, sha from events where key = ?", [e.key]).fetchone()
        return "duplicate" if found and found[0] == org and found[1] == e.given_sha else "conflict"

    @staticmethod
    def _resolve(batch: list[_Request], error: BaseException | None) -> None:
        """Answer every request of a commit: one wake-up per event loop, not one per request."""
        by_loop: dict[asyncio.AbstractEventLoop, list[_Request]] = {}
        for req in batch:
            if req.loop is not None:
                by_loop.setdefault(req.loop, []).append(req)

        def done(requests: list[_Request]) -> None:
            for req in requests:
                if req.future.done():
                    continue
                if error is not None:
                    req.future.set_exception(error)
                else:
                    req.future.set_result(req.outcome)

        for loop, requests in by_loop.items():
            if not loop.is_closed():
                loop.call_soon_threadsafe(done, requests)

    # ---- sealing -------------------------------------------------------------------------------
    def _meta(self, con: sqlite3.Connection, name: str) -> str | None:
        row = con.execute("select value from meta where name = ?", [name]).fetchone()
        return row[0] if row else None

    def seal(self, wait: bool = False) -> int:
        """Land every committed, unsealed record as JSONL batches; returns how many were landed.

        Only one process seals at a time: without ``wait`` a seal that finds another process
        sealing returns 0 (that process lands the records); with ``wait`` it waits for its turn.
        """
        try:
            fcntl.flock(self._seal_lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return 0
        try:
            return self._seal_locked(getattr(self, "_writer", None) or self._open())
        finally:
            fcntl.flock(self._seal_lock, fcntl.LOCK_UN)

    def _seal_locked(self, con: sqlite3.Connection) -> int:
        """Land up to the last record committed when the seal began: with several workers the
        others keep committing, and chasing their records would land a stream of tiny files."""
        landed = 0
        target = con.execute("select coalesce(max(seq), 0) from events").fetchone()[0]
        while True:
            intent = self._meta(con, "sealing")
            if intent is None:
                sealed = int(self._meta(con, "sealed") or 0)
                if sealed >= target:
                    return landed
                lo, hi = sealed + 1, min(target, sealed + self.seal_max)
                with self._exclusive():
                    con.execute("insert or replace into meta values ('sealing', ?)", [f"{lo}:{hi}"])
            else:
                lo, hi = (int(x) for x in intent.split(":"))
            landed += self._write_range(con, lo, hi)
            with self._exclusive():
                con.execute("begin immediate")
                con.execute("insert or replace into meta values ('sealed', ?)", [str(hi)])
                con.execute("delete from meta where name = 'sealing'")
                con.execute("commit")

    def _write_range(self, con: sqlite3.Connection, lo: int, hi: int) -> int:
        written = 0
        for kind, id_col in KIND_ID.items():
            rows = con.execute(
                "select record from events where seq between ? and ? and kind = ? order by seq",
                [lo, hi, kind],
            ).fetchall()
            if not rows:
                continue
            latest: dict[str, str] = {}
            for (text,) in rows:  # later records of an id (an end event) replace earlier ones
                rid = orjson.loads(text)[id_col]
                latest.pop(rid, None)
                latest[rid] = text
            dest = self.landing_dir / "api" / kind / f"api_{kind}_{lo:012d}_{hi:012d}.jsonl"
            _write_atomically(dest, ("\n".join(latest.values()) + "\n").encode("utf-8"))
            written += len(latest)
        return written


def _write_atomically(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, dest)
    dir_fd = os.open(dest.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
