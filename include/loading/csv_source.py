"""CSV in the seed-001 layout (catalogue §3.1–§3.3) → a text relation, one row per CSV record.

File-level checks run in Python on the header only (they are cheap and must name the problem);
everything per row runs in DuckDB. The decoded text is split on ``\\n`` (C speed), the lines go to
DuckDB through Arrow, and DuckDB re-joins lines that sit inside a quoted field (a line with an
odd number of ``"`` opens or closes a quoted field, RFC 4180), splits records into fields with a
regular expression and checks each record's field count. The raw record text is kept for
``raw.quarantine``.

The relation ``ld_src`` produced here has: ``row_number``, ``raw_content``, ``row_bytes``,
``structural`` (why the record's shape is wrong, else NULL), ``t_<column>`` (trimmed text, NULL
when empty, after metadata keys filled absent or empty columns) for every call column,
``meta_base`` (the metadata object minus keys that filled a column), ``meta_bad`` and ``extras``
(unknown columns as a JSON object).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from include.loading.columns import (
    REQUIRED,
    accepted_names,
    call_columns,
    canonical_name,
    fillable_from_metadata,
)
from include.loading.errors import ImportFileError
from include.loading.sqlfuncs import lit

FIELD_RE = r',("(?:[^"]|"")*"|[^,]*)'


@dataclass(frozen=True)
class CsvLayout:
    """What the header says: which field holds which column."""

    columns: dict[str, int]  # call column -> 0-based field position
    extras: dict[str, int]  # unknown column name -> field position
    width: int  # number of header fields


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text without BOM, or :class:`ImportFileError` naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}: undecodable bytes: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}) "
            "is not UTF-8; re-export the file as UTF-8"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_layout(path: Path, text: str) -> CsvLayout:
    """Check the header (§3.1) and map its names to columns (§3.2)."""
    first = next(csv.reader(io.StringIO(text)), None)
    if not first or all(not cell.strip() for cell in first):
        raise ImportFileError(f"{path}: no header: the file is empty or its first line is blank")
    known = {name for name, _ in call_columns()}
    names = [canonical_name(cell) or f"column_{i + 1}" for i, cell in enumerate(first)]
    if not known.intersection(names):
        raise ImportFileError(
            f"{path}: no header: the first line {text.splitlines()[0][:120]!r} names no known column "
            f"(expected names such as {', '.join(REQUIRED)})"
        )
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            a, b = first[seen[name]].strip(), first[i].strip()
            what = f"{a!r}" if a.lower() == b.lower() else f"{a!r} and {b!r} (both mean {name!r})"
            raise ImportFileError(
                f"{path}: duplicate column name {what} at positions {seen[name] + 1} and {i + 1}; "
                "keep one of them"
            )
        seen[name] = i
    missing = [c for c in REQUIRED if c not in seen]
    if missing:
        detail = "; ".join(f"{c} (accepted names: {', '.join(accepted_names(c))})" for c in missing)
        raise ImportFileError(f"{path}: required column absent: {detail}")
    return CsvLayout(
        columns={n: i for n, i in seen.items() if n in known},
        extras={n: i for n, i in seen.items() if n not in known},
        width=len(first),
    )


def _load_records(con: duckdb.DuckDBPyConnection, text: str) -> None:
    """``ld_records(rec_no, rec)``: the file's records (header = 0), quoted newlines re-joined."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    table = pa.table(
        {"i": pa.array(np.arange(len(lines), dtype=np.int64)), "line": pa.array(lines, pa.string())}
    )
    con.register("ld_lines_arrow", table)
    try:
        con.execute("create or replace temp table ld_lines as select i, line from ld_lines_arrow")
    finally:
        con.unregister("ld_lines_arrow")
    odd = "(strlen(line) - strlen(replace(line, '\"', ''))) % 2"
    (n_odd,) = con.execute(f"select count(*) from ld_lines where {odd} = 1").fetchone()
    strip_cr = "case when suffix({0}, chr(13)) then {0}[1:-2] else {0} end"
    if n_odd == 0:
        con.execute(
            f"create or replace temp table ld_records as select i as rec_no,"
            f" {strip_cr.format('line')} as rec "
            "from ld_lines"
        )
    else:
        con.execute(f"""
            create or replace temp table ld_records as
            with q as (select i, line, {odd} as odd from ld_lines),
            s as (select i, line, sum(odd) over (order by i rows unbounded preceding) % 2 as
                open_after from q),
            t as (select i, line, coalesce(lag(open_after) over (order by i), 0) = 0 as starts from s),
            r as (select i, line, sum(starts::int) over (order by i rows unbounded preceding) - 1
                as rec_no from t),
            g as (select rec_no, string_agg(line, chr(10) order by i) as rec from r group by rec_no)
            select rec_no, {strip_cr.format("rec")} as rec from g
        """)
    con.execute("drop table ld_lines")


def load_csv_source(con: duckdb.DuckDBPyConnection, path: Path, data: bytes) -> None:
    """Create the text relation ``ld_src`` (see module docstring) from a CSV file's bytes."""
    text = decode(path, data)
    layout = read_layout(path, text)
    _load_records(con, text)
    con.execute(f"""
        create or replace temp table ld_fields as
        select row_number() over (order by rec_no) as row_number, rec,
               regexp_extract_all(',' || rec, '{FIELD_RE}', 1) as fields
        from ld_records where rec_no > 0 and rec <> ''
    """)
    con.execute("drop table ld_records")
    con.execute(f"create or replace temp view ld_src as {_text_select(layout)}")


def _field(pos: int) -> str:
    return f"ld_text(ld_unquote(fields[{pos + 1}]))"


def _text_select(layout: CsvLayout) -> str:
    fill = [c for c in fillable_from_metadata()]
    paths = "[" + ", ".join(lit(f'$."{c}"') for c in fill) + "]"
    present = layout.columns
    cols = []
    for name, _ in call_columns():
        if name == "metadata":
            continue
        own = f"f_{name}" if name in present else None
        from_meta = f"ld_text(mvals[{fill.index(name) + 1}])" if name in fill else None
        expr = f"coalesce({own}, {from_meta})" if own and from_meta else (own or from_meta or "NULL::varchar")
        cols.append(f"{expr} as t_{name}")
    # keys that filled a column leave the metadata object (the column now carries them)
    absent = [c for c in fill if c not in present]
    removals = [f"'\"{c}\":null'" for c in absent] + [
        f"case when f_{c} is null then '\"{c}\":null' end" for c in fill if c in present
    ]
    removal_patch = "'{' || concat_ws(',', " + ", ".join(removals) + ") || '}'" if removals else "'{}'"
    if layout.extras:
        parts = ", ".join(
            f"case when {_field(pos)} is not null then {lit(json.dumps(name))} || ':' ||"
            f" to_json({_field(pos)}) end"
            for name, pos in layout.extras.items()
        )
        extras = f"'{{' || concat_ws(',', {parts}) || '}}'"
    else:
        extras = "NULL::varchar"
    fields = ", ".join(f"{_field(pos)} as f_{name}" for name, pos in present.items())
    meta_field = "f_metadata" if "metadata" in present else "NULL::varchar"
    width = layout.width
    return f"""
        with f as (
            select row_number, rec, fields, {fields}
            from ld_fields
        ),
        m as (
            select *, ld_json_obj({meta_field}) as mobj,
                   json_extract_string(ld_json_obj({meta_field}), {paths}) as mvals
            from f
        )
        select row_number, rec as raw_content, strlen(rec)::bigint as row_bytes,
            case when list_sum(list_transform(fields, lambda x: strlen(x) + 1)) <> strlen(rec) + 1
                   then 'malformed quoting: a quoted field is not closed or has text after its closing quote'
                 when len(fields) <> {width}
                   then format('expected {width} fields, found {{}}', len(fields)) end as structural,
            {", ".join(cols)},
            {meta_field} as t_metadata,
            {meta_field} is not null and mobj is null as meta_bad,
            case when mobj is not null then json_merge_patch(mobj, {removal_patch})::varchar end as meta_base,
            {extras} as extras
        from m
    """
