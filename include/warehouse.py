"""Connections to the DuckDB warehouse and the DDL of the ``raw`` layer.

DuckDB allows one writing process per file: writers open with :func:`connect_write` and close
promptly; readers (reports, the API, tests) use :func:`connect_read`, which never takes the
write lock. The ``raw`` tables are generated from the schema seeds
(``dbt_project/seeds/*_schema.csv``), the one definition of each record, plus the audit columns
every landed row carries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from include.reference import schema_columns
from include.settings import get_settings

AUDIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source", "VARCHAR NOT NULL"),
    ("batch_id", "VARCHAR NOT NULL"),
    ("row_number", "BIGINT NOT NULL"),
    ("loaded_at", "TIMESTAMPTZ NOT NULL"),
)

# record name → raw table; each record's columns come from <record>_schema.csv
RECORD_TABLES: dict[str, str] = {
    "call": "raw.calls",
    "workflow": "raw.workflows",
    "session": "raw.sessions",
    "budget": "raw.budgets",
}

QUARANTINE_DDL = """
create table if not exists raw.quarantine (
    source varchar not null,
    batch_id varchar not null,
    kind varchar not null,            -- calls, workflows, sessions, budgets
    row_number bigint not null,       -- 1-based data row within the batch
    raw_content varchar,              -- the row as it arrived (CSV line, JSON text, ...)
    reason varchar not null,          -- a reason code of catalogue §3.5
    reason_detail varchar,            -- column and offending value
    loaded_at timestamptz not null
)
"""

BATCHES_DDL = """
create table if not exists raw.batches (
    batch_id varchar primary key,
    source varchar not null,
    kind varchar not null,
    path varchar,
    content_sha256 varchar,
    bytes bigint,
    rows_read bigint not null,
    rows_accepted bigint not null,
    rows_quarantined bigint not null,
    quarantined_by_reason json,
    params json,
    loaded_at timestamptz not null
)
"""


def column_ddl(record: str) -> list[str]:
    cols = []
    for c in schema_columns(record):
        null = "" if c["nullable"] == "true" else " NOT NULL"
        cols.append(f'"{c["column_name"]}" {c["data_type"]}{null}')
    return cols


def raw_table_ddl(record: str) -> str:
    cols = column_ddl(record) + [f"{name} {typ}" for name, typ in AUDIT_COLUMNS]
    body = ",\n    ".join(cols)
    return f"create table if not exists {RECORD_TABLES[record]} (\n    {body}\n)"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``raw`` schema and its tables when missing (idempotent)."""
    con.execute("create schema if not exists raw")
    for record in RECORD_TABLES:
        con.execute(raw_table_ddl(record))
    con.execute(QUARANTINE_DDL)
    con.execute(BATCHES_DDL)


def warehouse_path() -> Path:
    return get_settings().warehouse_path


@contextmanager
def connect_write(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection that is always closed, so the next writer can open the file."""
    target = path or warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target))
    try:
        yield con
    finally:
        con.close()


@contextmanager
def connect_read(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; fails clearly when the warehouse has not been built yet."""
    target = path or warehouse_path()
    if not target.exists():
        raise FileNotFoundError(
            f"warehouse {target} does not exist yet: run `finops run` (or the DAG) to build it"
        )
    con = duckdb.connect(str(target), read_only=True)
    try:
        yield con
    finally:
        con.close()
