"""The write-ahead spool: every tracked event is on disk before ``track_call`` returns.

Each :class:`~finops_sdk.Tracker` appends finished JSONL lines to its own *segment* files in
the spool folder (``calls-<segment_id>.wal``) with one ``write(2)`` per event, so an event whose
``track_call`` returned survives ``kill -9`` of the application (it is in the kernel's page
cache; set ``fsync=True`` to also survive power loss). The background worker delivers
segments in order and records its progress in ``calls-<segment_id>.ack`` (the byte offset
delivered so far); a fully delivered, closed segment is deleted.

Ownership uses ``flock``: a segment is created under a temporary name, locked, then renamed,
so the lock is held for the whole life of the file. The lock dies with its process, so a
segment whose lock can be taken belongs to a dead (or closed) tracker: an *orphan*, which
the next tracker adopts and replays from its acked offset. Batch ids are derived from
(segment, start offset), so a replay after a crash between delivery and ack rewrites the same
landing file instead of adding a second one. POSIX only (``fcntl``).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from finops_sdk._record import _rng

log = logging.getLogger("finops_sdk.spool")
SUFFIX = ".wal"
ACK_SUFFIX = ".ack"
_ACK_WIDTH = 20


@dataclass(eq=False)
class Segment:
    """One spool file. ``size`` is the end of the last complete line; ``acked`` is delivered."""

    segment_id: str
    path: Path
    fd: int
    size: int = 0
    acked: int = 0
    closed: bool = False
    orphan: bool = False
    seq: int = 0
    ack_fd: int | None = field(default=None, repr=False)

    @property
    def ack_path(self) -> Path:
        return self.path.with_suffix(ACK_SUFFIX)

    def batch_id(self, offset: int) -> str:
        return f"sdk_{self.segment_id}_{offset:012d}"


def _new_segment_id() -> str:
    return "%013x-%06x-%06x" % (time.time_ns() // 1_000_000, os.getpid() & 0xFFFFFF, _rng.getrandbits(24))


class Spool:
    """Append-only segment files in ``directory`` (created when missing)."""

    def __init__(self, directory: Path, segment_bytes: int = 16 << 20, fsync: bool = False):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.segment_bytes = segment_bytes
        self.fsync = fsync
        self._seq = itertools.count(1)
        self.written = 0  # bytes appended by this process (spool cap accounting)
        self.segments: list[Segment] = []  # own segments, oldest first; the last one is written
        self.current = self._open_segment()

    # -- writing (called under the tracker's lock) ---------------------------------------------
    def _open_segment(self) -> Segment:
        segment_id = _new_segment_id()
        final = self.directory / f"calls-{segment_id}{SUFFIX}"
        tmp = self.directory / f".calls-{segment_id}.creating"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(tmp, final)
        segment = Segment(segment_id, final, fd, seq=next(self._seq))
        self.segments.append(segment)
        return segment

    def append(self, line: bytes) -> tuple[Segment, int]:
        """Write one complete line; return (segment, offset of the line)."""
        segment = self.current
        if segment.size >= self.segment_bytes:
            segment.closed = True
            segment = self.current = self._open_segment()
        offset = segment.size
        written = os.write(segment.fd, line)
        if written != len(line):  # disk full: never leave half a line behind a complete one
            os.ftruncate(segment.fd, offset)
            raise OSError(f"short write to spool {segment.path} ({written} of {len(line)} bytes)")
        if self.fsync:
            os.fdatasync(segment.fd)
        segment.size = offset + written
        self.written += written
        return segment, offset

    def backlog_bytes(self) -> int:
        return sum(s.size - s.acked for s in self.segments)

    # -- reading and acknowledging (worker thread) ---------------------------------------------
    @staticmethod
    def read(segment: Segment, start: int, end: int, max_lines: int) -> tuple[list[bytes], int]:
        """Complete lines in [start, end), at most ``max_lines``; returns (lines, next offset)."""
        chunk = 1 << 20
        while True:
            want = min(end - start, chunk)
            data = os.pread(segment.fd, want, start) if want > 0 else b""
            cut = data.rfind(b"\n") + 1
            if cut or want >= end - start:
                break
            chunk *= 4  # a single line longer than the chunk: read more
        lines = data[:cut].splitlines(keepends=True)[:max_lines]
        return lines, start + sum(len(x) for x in lines)

    def ack(self, segment: Segment, offset: int) -> None:
        if segment.ack_fd is None:
            segment.ack_fd = os.open(segment.ack_path, os.O_RDWR | os.O_CREAT, 0o600)
        os.pwrite(segment.ack_fd, b"%0*d\n" % (_ACK_WIDTH, offset), 0)
        segment.acked = offset

    def retire(self, segment: Segment) -> None:
        """Delete a fully delivered segment (its data is in the sink)."""
        for path in (segment.path, segment.ack_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self._close_fds(segment)
        if segment in self.segments:
            self.segments.remove(segment)

    @staticmethod
    def _close_fds(segment: Segment) -> None:
        for fd in (segment.ack_fd, segment.fd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        segment.ack_fd = None

    # -- orphans ---------------------------------------------------------------------------------
    def adopt_orphans(self) -> list[Segment]:
        """Lock and return segments left by dead or closed trackers, oldest first."""
        adopted = []
        own = {s.path for s in self.segments}
        for path in sorted(self.directory.glob(f"calls-*{SUFFIX}")):
            if path in own:
                continue
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            if not path.exists():  # retired by another adopter between glob and lock
                os.close(fd)
                continue
            size = os.fstat(fd).st_size
            tail = os.pread(fd, min(size, 1 << 16), max(0, size - (1 << 16)))
            complete = size - (len(tail) - (tail.rfind(b"\n") + 1))
            segment_id = path.stem[len("calls-") :]
            segment = Segment(segment_id, path, fd, size=complete, closed=True, orphan=True)
            segment.acked = _read_ack(segment.ack_path)
            if complete < size:
                log.warning(
                    "spool %s ends with %d bytes of an unfinished line (its track_call never "
                    "returned); ignoring them",
                    path,
                    size - complete,
                )
            adopted.append(segment)
        return adopted

    def release(self, segment: Segment) -> None:
        """Give up a segment without deleting it (close): another tracker may adopt it."""
        self._close_fds(segment)
        if segment in self.segments:
            self.segments.remove(segment)

    def close(self) -> None:
        for segment in list(self.segments):
            if segment.acked >= segment.size:
                self.retire(segment)
            else:
                self.release(segment)


def _read_ack(path: Path) -> int:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return 0
    return int(text) if text.isdigit() else 0
