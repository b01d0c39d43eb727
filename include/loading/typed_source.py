"""Typed batches (Parquet) and JSON Lines batches → the relation the validators read.

Parquet files from the simulator, the SDK and the API carry the record's schema columns already
typed (docs/architecture.md); they are read as they are, converted only where a writer used a
neighbouring type, and a value that cannot be converted is flagged so the same §3.5 checks
quarantine it. A schema column missing from a Parquet file is a file-level error. JSON Lines are
read line by line (each line is the row's raw content) and go through the text parsers of §3.4.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from include.loading.columns import record_columns
from include.loading.errors import ImportFileError
from include.loading.sqlfuncs import lit, parse_expr


def parquet_columns(con: duckdb.DuckDBPyConnection, path: Path, record: str) -> dict[str, str]:
    """Column → type of a Parquet file; :class:`ImportFileError` when a schema column is missing."""
    try:
        described = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise ImportFileError(f"{path}: not a readable Parquet file ({exc}); re-write the batch") from None
    have = {r[0].lower(): r[1] for r in described}
    missing = [name for name, _ in record_columns(record) if name not in have]
    if missing:
        raise ImportFileError(
            f"{path}: Parquet {record} batch is missing schema column(s) {', '.join(missing)}; "
            f"a {record} file must carry every column of dbt_project/seeds/{record}_schema.csv"
        )
    return have


# text columns whose value the checks or canonicalisation read: trimmed, '' = absent
TRIMMED = (
    "call_id",
    "customer_id",
    "provider",
    "model",
    "region",
    "status",
    "error_type",
    "workflow_id",
    "session_id",
    "organization_id",
    "enforcement",
)


def typed_value(col: str, data_type: str, file_type: str) -> tuple[str, str | None]:
    """SQL for (value, text-when-bad) of one typed column; the text is non-NULL only for a bad value.

    Other text columns pass through untouched: trimming 30 columns of a million rows costs more
    than the rest of the load, and typed writers (simulator, SDK, API) never pad values.
    """
    q = f'"{col}"'
    ft = file_type.upper()
    if data_type in ("VARCHAR", "JSON"):
        return (f"ld_text({q}::varchar)", None) if col in TRIMMED else (f"{q}::varchar", None)
    if ft == "VARCHAR":  # a writer stored numbers or timestamps as text: parse them like CSV
        text = f"ld_text({q})"
        return parse_expr(text, data_type), text
    if data_type == "DOUBLE":
        value = f"try_cast({q} as double)"
        return (
            f"case when isfinite({value}) then {value} end",
            f"case when not isfinite({value}) then {q}::varchar end",
        )
    if data_type == "SMALLINT":
        value = f"try_cast({q} as bigint)"
        return (
            f"case when {value} between 100 and 599 then {value}::smallint end",
            f"case when {q} is not null and not coalesce({value} between 100 and 599, false) then"
            f" {q}::varchar end",
        )
    value = f"try_cast({q} as {data_type})"
    return value, f"case when {q} is not null and {value} is null then {q}::varchar end"


def parquet_select(con: duckdb.DuckDBPyConnection, path: Path, record: str) -> str:
    """A SELECT producing row_number, raw_content, row_bytes, structural, v_*/t_* and metadata columns."""
    have = parquet_columns(con, path, record)
    cols = []
    for name, dt in record_columns(record):
        if name == "metadata":
            continue
        value, bad_text = typed_value(name, dt, have[name])
        cols.append(f"{value} as v_{name}")
        if dt not in ("VARCHAR", "JSON"):
            cols.append(f"{bad_text or 'NULL::varchar'} as t_{name}")
    meta = (
        [
            'ld_text("metadata"::varchar) as t_metadata',
            'ld_text("metadata"::varchar) is not null and'
            ' ld_json_obj(ld_text("metadata"::varchar)) '
            "is null as meta_bad",
            'ld_text("metadata"::varchar) as meta_base',
            "NULL::varchar as extras",
        ]
        if "metadata" in dict(record_columns(record))
        else []
    )
    return f"""
        select file_row_number + 1 as row_number, NULL::varchar as raw_content, 0::bigint as row_bytes,
               NULL::varchar as structural, {", ".join(cols + meta)}
        from read_parquet({lit(str(path))}, file_row_number = true)
    """


def load_jsonl_lines(con: duckdb.DuckDBPyConnection, path: Path, data: bytes) -> None:
    """``ld_jsonl(row_number, rec)``: the non-blank lines of a JSON Lines file, numbered from 1."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path}: undecodable bytes at offset {exc.start}; write JSON Lines as UTF-8"
        ) from None
    lines = [line for line in text.removeprefix("\ufeff").split("\n")]
    table = pa.table(
        {"i": pa.array(np.arange(len(lines), dtype=np.int64)), "line": pa.array(lines, pa.string())}
    )
    con.register("ld_jsonl_arrow", table)
    try:
        con.execute("""
            create or replace temp table ld_jsonl as
            select row_number() over (order by i) as row_number,
                   case when suffix(line, chr(13)) then line[1:-2] else line end as rec
            from ld_jsonl_arrow where trim(line, chr(13) || ' ') <> ''
        """)
    finally:
        con.unregister("ld_jsonl_arrow")


def jsonl_text_select(record: str) -> str:
    """Text relation (t_* columns, like the CSV path) over ``ld_jsonl``."""
    names = [name for name, _ in record_columns(record)]
    paths = "[" + ", ".join(lit(f'$."{n}"') for n in names) + "]"
    cols = [f"ld_text(vals[{i + 1}]) as t_{n}" for i, n in enumerate(names) if n != "metadata"]
    meta = []
    if "metadata" in names:
        m = f"ld_text(vals[{names.index('metadata') + 1}])"
        meta = [
            f"{m} as t_metadata",
            f"{m} is not null and ld_json_obj({m}) is null as meta_bad",
            f"{m} as meta_base",
            "NULL::varchar as extras",
        ]
    return f"""
        with j as (
            select row_number, rec,
                   case when json_valid(rec) then (case when json_type(rec) = 'OBJECT' then true
                       end) end as ok
            from ld_jsonl
        ),
        v as (select *, case when ok then json_extract_string(rec, {paths}) end as vals from j)
        select row_number, rec as raw_content, strlen(rec)::bigint as row_bytes,
               case when ok is null then 'the line is not a JSON object' end as structural,
               {", ".join(cols + meta)}
        from v
    """


def text_to_typed_select(record: str, text_relation: str) -> str:
    """Parse the t_* text columns of ``text_relation`` into v_* values by schema type (§3.4)."""
    cols = []
    for name, dt in record_columns(record):
        if name == "metadata":
            continue
        if dt in ("VARCHAR", "JSON"):
            cols.append(f"t_{name} as v_{name}")
        else:
            cols.append(f"{parse_expr(f't_{name}', dt)} as v_{name}, t_{name}")
    meta = ", t_metadata, meta_bad, meta_base, extras" if "metadata" in dict(record_columns(record)) else ""
    return (
        f"select row_number, raw_content, row_bytes, structural, {', '.join(cols)}{meta} from {text_relation}"
    )
