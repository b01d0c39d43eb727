"""The landing-zone layout: ``<landing>/<source>/<kind>/<batch_id>.<ext>`` (docs/architecture.md).

One file is one batch. The folder names tell the loader where a file came from and which record it
holds; the file name is the batch id (CSV imports: ``csv_`` + 16 hex of the SHA-256 of the bytes,
catalogue §3.1). Files are written under a temporary name and renamed, so a half-written file is
never picked up: names starting with ``.`` or ending in ``.tmp``/``.part`` are ignored.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from include.loading.errors import ImportFileError

SOURCES: tuple[str, ...] = ("simulator", "csv_import", "sdk", "api", "otlp")
KINDS: tuple[str, ...] = ("calls", "workflows", "sessions", "budgets")
EXTENSIONS: tuple[str, ...] = (".parquet", ".csv", ".jsonl")
CSV_BATCH_RE = re.compile(r"^csv_[0-9a-f]{16}$")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def csv_batch_id(sha256_hex: str) -> str:
    """Batch id of an imported CSV: ``csv_`` + the first 16 hex chars of SHA-256 of its bytes."""
    return f"csv_{sha256_hex[:16]}"


@dataclass(frozen=True)
class LandedFile:
    """A file to load, with everything the loader needs to know about it."""

    path: Path
    source: str
    kind: str
    batch_id: str
    fmt: str  # parquet, csv, jsonl
    sha256: str
    bytes: int


def describe(path: Path, source: str | None = None) -> LandedFile:
    """Work out source, kind, format and batch id of ``path`` from the landing layout."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise ImportFileError(
            f"{path}: unsupported file type {ext!r}; expected one of {', '.join(EXTENSIONS)}"
        )
    kind = path.parent.name
    if kind not in KINDS:
        if ext == ".csv":
            kind = "calls"  # a CSV in the seed-001 layout is always a calls file (§3)
        else:
            raise ImportFileError(
                f"{path}: cannot tell the record kind; put the file under a folder named one of "
                f"{', '.join(KINDS)} (<landing>/<source>/<kind>/<batch_id>{ext})"
            )
    if source is None:
        source = path.parent.parent.name if path.parent.name in KINDS else ""
        if source not in SOURCES:
            source = "csv_import" if ext == ".csv" else ""
    if source not in SOURCES:
        raise ImportFileError(
            f"{path}: cannot tell the source; pass source= one of {', '.join(SOURCES)} or land the "
            f"file under <landing>/<source>/<kind>/"
        )
    sha = file_sha256(path)
    batch_id = path.stem
    if ext == ".csv" and not CSV_BATCH_RE.match(batch_id):
        batch_id = csv_batch_id(sha)
    return LandedFile(
        path=path,
        source=source,
        kind=kind,
        batch_id=batch_id,
        fmt=ext[1:],
        sha256=sha,
        bytes=path.stat().st_size,
    )


def landed_files(landing_dir: Path, sources: list[str] | None = None) -> list[Path]:
    """Every complete landed batch file, oldest first (then by path), so later landings win."""
    found: list[Path] = []
    for source in sources or list(SOURCES):
        for kind in KINDS:
            folder = Path(landing_dir) / source / kind
            if not folder.is_dir():
                continue
            for p in folder.iterdir():
                if p.name.startswith(".") or p.suffix.lower() not in EXTENSIONS or not p.is_file():
                    continue
                found.append(p)
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, str(p)))


def land_atomically(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` through a temporary name in the same folder and rename it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
