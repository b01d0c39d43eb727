"""Public API of the loader: land a CSV, load landed batches into ``raw.*``, drop old batches.

The Airflow DAGs and the ``finops`` CLI use exactly these names::

    import_csv(path, landing_dir) -> Path              # §3.1 file checks, then land the file
    load_files(warehouse_path, files, source=None, progress=None)   # one file = one batch, atomic
    load_landing(warehouse_path, landing_dir, sources=None, force=False, progress=None)
    drop_batches(warehouse_path, source=..., keep=...)  # "replace earlier simulated data"
    LoadReport / BatchReport                            # reconciliation (§3.8), .to_dict() for Assets
    ImportFileError                                     # a file-level problem; nothing was loaded

Every call opens one write connection to the DuckDB file and closes it before returning, so the
next writer (dbt, another task) can open the file.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from include.loading.calls import build_calls_stage
from include.loading.csv_source import decode, load_csv_source, read_layout
from include.loading.errors import ImportFileError, LoadError
from include.loading.landing import (
    KINDS,
    LandedFile,
    csv_batch_id,
    describe,
    file_sha256,
    land_atomically,
    landed_files,
)
from include.loading.records import RECORD_OF_KIND, build_record_stage
from include.loading.report import BatchReport, LoadReport
from include.loading.sqlfuncs import prepare_connection
from include.loading.typed_source import (
    jsonl_text_select,
    load_jsonl_lines,
    parquet_select,
    text_to_typed_select,
)
from include.loading.writer import replace_batch
from include.warehouse import RECORD_TABLES, connect_write, ensure_raw_schema

__all__ = [
    "BatchReport",
    "ImportFileError",
    "LoadError",
    "LoadReport",
    "drop_batches",
    "import_csv",
    "load_files",
    "load_landing",
]

# progress(total batches, report of the batch just loaded)
Progress = Callable[[int, BatchReport], None]


def import_csv(path: Path, landing_dir: Path) -> Path:
    """Check a CSV's file-level rules (§3.1) and land it as ``csv_import/calls/csv_<sha16>.csv``.

    Raises :class:`ImportFileError` naming the problem (no header, duplicate column, required
    column absent, undecodable bytes); then nothing is landed. Landing the same bytes twice gives
    the same path, so the later load replaces the batch instead of adding to it.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    data = path.read_bytes()
    read_layout(path, decode(path, data))
    sha = file_sha256(path)
    dest = Path(landing_dir) / "csv_import" / "calls" / f"{csv_batch_id(sha)}.csv"
    if not (dest.exists() and file_sha256(dest) == sha):
        land_atomically(path, dest)
    return dest


def load_files(
    warehouse_path: Path, files: list[Path], *, source: str | None = None, progress: Progress | None = None
) -> LoadReport:
    """Load each file as one batch (kind and source from its landing folders unless ``source`` given).

    ``progress(total, batch)`` is called after each batch (the CLI draws its bar with it). Each batch
    commits on its own: when batch k fails, batches before it stay loaded and the error names k.
    """
    described = [describe(Path(p), source) for p in files]
    with connect_write(Path(warehouse_path)) as con:
        _prepare(con)
        return _load_all(con, described, progress)


def load_landing(
    warehouse_path: Path,
    landing_dir: Path,
    *,
    sources: list[str] | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load every landed file whose bytes differ from the batch already loaded (all with ``force``)."""
    described = [describe(p) for p in landed_files(Path(landing_dir), sources)]
    with connect_write(Path(warehouse_path)) as con:
        _prepare(con)
        loaded = dict(con.execute("select batch_id, content_sha256 from raw.batches").fetchall())
        pending = [lf for lf in described if force or loaded.get(lf.batch_id) != lf.sha256]
        return _load_all(con, pending, progress)


def _load_all(
    con: duckdb.DuckDBPyConnection, batches: list[LandedFile], progress: Progress | None
) -> LoadReport:
    report = LoadReport()
    for lf in batches:
        report.batches.append(_load_one(con, lf))
        if progress is not None:
            progress(len(batches), report.batches[-1])
    return report


def drop_batches(warehouse_path: Path, *, source: str, keep: set[str]) -> int:
    """Remove every batch of ``source`` whose id is not in ``keep``, from all raw tables, atomically.

    Returns the number of batches removed.
    """
    tables = [*RECORD_TABLES.values(), "raw.quarantine", "raw.batches"]
    with connect_write(Path(warehouse_path)) as con:
        ensure_raw_schema(con)
        union = " union ".join(f"select distinct batch_id from {t} where source = ?" for t in tables)
        found = {r[0] for r in con.execute(union, [source] * len(tables)).fetchall()}
        doomed = sorted(found - set(keep))
        if not doomed:
            return 0
        con.execute("begin transaction")
        try:
            con.execute("create or replace temp table ld_doomed (batch_id varchar)")
            con.executemany("insert into ld_doomed values (?)", [[b] for b in doomed])
            for t in tables:
                con.execute(
                    f"delete from {t} where source = ? and batch_id in (select batch_id from ld_doomed)",
                    [source],
                )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return len(doomed)


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    ensure_raw_schema(con)
    prepare_connection(con)


def _stage(con: duckdb.DuckDBPyConnection, lf: LandedFile) -> None:
    """Build ``ld_stage``/``ld_dups`` for one file: parse, validate, canonicalise, resolve identity."""
    record = RECORD_OF_KIND[lf.kind]
    if lf.fmt == "parquet":
        typed = parquet_select(con, lf.path, record)
    elif lf.fmt == "jsonl":
        load_jsonl_lines(con, lf.path, lf.path.read_bytes())
        con.execute(f"create or replace temp view ld_src as {jsonl_text_select(record)}")
        typed = text_to_typed_select(record, "ld_src")
    elif lf.kind == "calls":
        load_csv_source(con, lf.path, lf.path.read_bytes())
        typed = text_to_typed_select(record, "ld_src")
    else:
        raise ImportFileError(
            f"{lf.path}: CSV is only accepted for calls; land {lf.kind} as Parquet or JSON Lines"
        )
    if lf.kind == "calls":
        build_calls_stage(con, typed, materialize=lf.fmt != "parquet")
    else:
        build_record_stage(con, record, typed)


def _drop_temp_objects(con: duckdb.DuckDBPyConnection) -> None:
    """Free the batch's temporary views and tables (all named ``ld_*``) before the next batch."""
    views = con.execute(
        "select view_name from duckdb_views() where temporary and view_name like 'ld\\_%' escape '\\'"
    )
    for (name,) in views.fetchall():
        con.execute(f"drop view if exists {name}")
    tables = con.execute(
        "select table_name from duckdb_tables() where temporary and table_name like 'ld\\_%' escape '\\'"
        " and table_name <> 'ld_price_book'"
    )
    for (name,) in tables.fetchall():
        con.execute(f"drop table if exists {name}")


def _params(lf: LandedFile) -> dict:
    """What raw.batches records about how the batch was made (the simulator's run manifest if any)."""
    params: dict = {"format": lf.fmt}
    if lf.source == "simulator" and lf.batch_id.startswith("sim_"):
        run_id = lf.batch_id.split("_")[1]
        manifest = lf.path.parent.parent / "runs" / f"{run_id}.json"
        if manifest.is_file():
            try:
                params["run"] = json.loads(manifest.read_text(encoding="utf-8"))
            except ValueError:
                params["run_manifest_error"] = f"{manifest} is not valid JSON"
    return params


def _load_one(con: duckdb.DuckDBPyConnection, lf: LandedFile) -> BatchReport:
    if lf.kind not in KINDS:
        raise ImportFileError(f"{lf.path}: unknown kind {lf.kind!r}")
    started = time.perf_counter()
    try:
        _stage(con, lf)
        rows_read, accepted, by_reason = replace_batch(con, lf, datetime.now(UTC), _params(lf))
    except duckdb.Error as exc:
        raise LoadError(
            f"{lf.path}: loading batch {lf.batch_id} failed, nothing of it was written: {exc}"
        ) from exc
    finally:
        _drop_temp_objects(con)
    return BatchReport(
        batch_id=lf.batch_id,
        source=lf.source,
        kind=lf.kind,
        rows_read=rows_read,
        rows_accepted=accepted,
        rows_quarantined=sum(by_reason.values()),
        quarantined_by_reason=by_reason,
        bytes=lf.bytes,
        seconds=round(time.perf_counter() - started, 3),
    )
