"""Landing-zone writers: Parquet batches, the run manifest and the seed-001 CSV (built in
:mod:`simulator.seed001`).

Every file is written under a temporary name in its final folder and renamed into place, so a
loader never sees half a file. File names derive from the run id only, so a re-run with the same
parameters replaces its files, and parts left over from an earlier, longer run are removed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from simulator.parallel import parallel_map
from simulator.seed001 import seed001_columns, seed001_table, write_csv_file

__all__ = ["seed001_columns", "seed001_table", "write_batches", "write_csv", "write_manifest", "write_parts"]

KINDS: tuple[str, ...] = ("calls", "workflows", "sessions", "budgets")
# rows per landing file (one batch): a million rows are two files, written on two cores at once
PART_ROWS = 500_000
# DuckDB reads a Parquet file in parallel by row group and stores tables in row groups of 122,880
# rows: one row group per 122,880 rows lets the loader use every core (one 1 M-row group is read
# by one thread).
ROW_GROUP_ROWS = 122_880
# Columns whose values are (nearly) unique: dictionary encoding would only cost time there.
UNIQUE_COLUMNS = frozenset({
    "call_id", "parent_call_id", "session_id", "trace_id", "request_id", "prompt_hash", "workflow_id",
})
# Unique columns of random hex digits: at most 4 bits of entropy per byte, so zstd saves about half
# their bytes at 4x the cost of storing them as they are (they are written uncompressed).
RANDOM_HEX_COLUMNS = frozenset({"session_id", "trace_id", "request_id", "prompt_hash"})
# Columns zstd barely shrinks once encoded: delta-packed timestamps and token counts (the same
# bytes with or without it; the mostly-zero cache token columns do shrink, so they keep it) and
# cost_usd (12% smaller at 3x the write time). Written uncompressed.
PACKED_COLUMNS = frozenset({"timestamp", "input_tokens", "output_tokens", "total_tokens", "cost_usd"})
# rows the Parquet writer encodes per step (Arrow's default is 1,024): fewer, larger steps cut
# the per-step overhead of every column by about 4% of the write; pages stay about 1 MB.
WRITE_BATCH_ROWS = 65_536


def parquet_options(schema: pa.Schema, kind: str) -> dict[str, object]:
    """zstd except for random hex, packed numbers and dictionary arrays (their bit-packed codes
    only shrink by about 5%, at a third of their write time); dictionaries only for repetitive
    text (dictionary arrays are stored from their codes, no re-hashing); delta / byte-stream-split
    for numbers; statistics only for non-text columns (min/max of every string page cost a third
    of the write and no reader of the landing zone uses them); row groups sized for parallel
    reads.

    The Arrow schema is not stored, so a reader sees plain string columns whether or not the
    table held dictionary arrays (Parquet keeps types, timezone and required-ness itself).
    """
    unique = UNIQUE_COLUMNS | ({"metadata"} if kind == "workflows" else set())
    dictionary, encoding, compression, statistics = [], {}, {}, []
    for field in schema:
        text = pa.types.is_string(field.type) or pa.types.is_dictionary(field.type)
        plain = field.name in RANDOM_HEX_COLUMNS | PACKED_COLUMNS or pa.types.is_dictionary(field.type)
        compression[field.name] = "none" if plain else "zstd"
        if text and field.name not in unique:
            dictionary.append(field.name)
        if not text:
            statistics.append(field.name)
        if pa.types.is_timestamp(field.type) or pa.types.is_int64(field.type):
            encoding[field.name] = "DELTA_BINARY_PACKED"
        elif pa.types.is_float64(field.type):
            encoding[field.name] = "BYTE_STREAM_SPLIT"
    return {"compression": compression, "compression_level": {c: 1 for c, v in compression.items()
                                                              if v == "zstd"},
            "use_dictionary": dictionary, "column_encoding": encoding,
            "write_statistics": statistics, "store_schema": False,
            "write_batch_size": WRITE_BATCH_ROWS}


def _replace_atomically(path: Path, write: Callable[[Path], None]) -> int:
    """Write through ``write(tmp)`` then rename onto ``path``; returns the file's size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path.stat().st_size


def batch_id(run_id: str, kind: str, part: int) -> str:
    return f"sim_{run_id}_{kind}_{part:04d}"


def row_groups(rows: int, part_rows: int = PART_ROWS) -> list[tuple[int, int, int]]:
    """(part, start, stop) of every row group of a kind's batches, in file order: parts of at most
    ``part_rows`` rows, each cut into groups of ``ROW_GROUP_ROWS`` (an empty kind: one empty group)."""
    if part_rows < 1:
        raise ValueError(f"part_rows must be >= 1, got {part_rows}")
    groups = []
    for part, first in enumerate(range(0, max(rows, 1), part_rows)):
        last = min(first + part_rows, rows)
        groups.extend((part, a, min(a + ROW_GROUP_ROWS, last))
                      for a in range(first, max(last, first + 1), ROW_GROUP_ROWS))
    return groups


def write_batches(table: pa.Table, landing_dir: Path, run_id: str, kind: str,
                  part_rows: int = PART_ROWS) -> list[dict[str, object]]:
    """Write ``table`` as parts of at most ``part_rows`` rows; remove stale parts of this run."""
    parts: dict[int, list[pa.Table]] = {}
    for part, a, b in row_groups(table.num_rows, part_rows):
        parts.setdefault(part, []).append(table.slice(a, b - a))
    return write_parts(list(parts.values()), table.schema, landing_dir, run_id, kind)


def write_parts(parts: list[Iterable[pa.Table]], schema: pa.Schema, landing_dir: Path, run_id: str,
                kind: str) -> list[dict[str, object]]:
    """Write part ``i`` of a kind from the row groups ``parts[i]`` yields, every part on its own
    thread (Arrow's writer releases the GIL; an iterable may still be waiting for later row groups
    while earlier ones are written); remove stale parts of this run. Returns the file entries."""
    folder = landing_dir / "simulator" / kind
    options = parquet_options(schema, kind)

    def write_part(item: tuple[int, Iterable[pa.Table]]) -> dict[str, object]:
        part, chunks = item
        name = batch_id(run_id, kind, part)
        path = folder / f"{name}.parquet"
        rows = 0

        def write(tmp: Path) -> None:
            nonlocal rows
            with pq.ParquetWriter(tmp, schema, **options) as writer:  # type: ignore[arg-type]
                for chunk in chunks:
                    writer.write_table(chunk, row_group_size=max(chunk.num_rows, 1))
                    rows += chunk.num_rows

        size = _replace_atomically(path, write)
        return {"kind": kind, "batch_id": name, "path": str(path.relative_to(landing_dir)),
                "rows": rows, "bytes": size}

    files = parallel_map(write_part, enumerate(parts))
    written = {Path(str(f["path"])).name for f in files}
    for old in folder.glob(f"sim_{run_id}_{kind}_*.parquet"):
        if old.name not in written:
            old.unlink()
    return files


def write_manifest(landing_dir: Path, run_id: str, manifest: dict[str, object]) -> Path:
    path = landing_dir / "simulator" / "runs" / f"{run_id}.json"
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    _replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def write_csv(calls: pa.Table, path: Path) -> int:
    """The seed-001 CSV (byte-identical for identical calls); returns its size in bytes."""
    return write_csv_file(calls, path, _replace_atomically)
