"""SQL building blocks shared by every batch: parsing macros (§3.4) and the reference lookups (§3.7).

Everything row-level runs inside DuckDB, vectorised. :func:`prepare_connection` installs temporary
macros on a connection; the lookups are generated from the seeds (``include.reference``) as SQL
``CASE`` expressions, so a new alias or price row in a seed changes the loader without code edits.
"""

from __future__ import annotations

from functools import cache

import duckdb

from include.reference import price_book, read_seed, threshold

NUMBER_RE = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
ISO_TS_RE = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
EPOCH_RE = r"\+?[0-9]+(\.[0-9]+)?"
TS_MIN = "2000-01-01 00:00:00+00"
TS_MAX = "2100-01-01 00:00:00+00"
SUCCESS_WORDS = ("success", "ok", "succeeded")
ERROR_WORDS = ("error", "failed", "failure")
DATE_SUFFIX_RE = r"-([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2})$"


def lit(value: object) -> str:
    """A SQL literal for a Python str/int/float/None (seed values only, never row data)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def in_list(values: list[str] | tuple[str, ...]) -> str:
    return "(" + ", ".join(lit(v) for v in values) + ")" if values else "(NULL)"


def case_map(expr: str, mapping: dict[str, object], default: str = "NULL") -> str:
    if not mapping:
        return default
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"(CASE {expr} {whens} ELSE {default} END)"


@cache
def seed_map(name: str, key: str, value: str) -> dict[str, str]:
    return {r[key].strip().lower(): r[value].strip() for r in read_seed(name)}


@cache
def catalogue_models() -> tuple[str, ...]:
    return tuple(sorted({p.model for p in price_book()}))


MACROS = [
    # a finite number in plain or scientific notation, optional sign; anything else is NULL
    f"""create or replace temp macro ld_num(x) as (
        case when regexp_full_match(x, '{NUMBER_RE}')
             then (case when isfinite(try_cast(x as double)) then try_cast(x as double) end) end)""",
    # an integral number (123, 123.0, 1.23e2); 12.5 is NULL
    """create or replace temp macro ld_int(x) as (
        case when regexp_full_match(x, '[+-]?[0-9]+') then try_cast(x as bigint)
             when ld_num(x) = floor(ld_num(x)) and abs(ld_num(x)) < 9e15 then ld_num(x)::bigint end)""",
    # ISO-8601 (T or space, 1-9 fraction digits truncated to µs, Z/±HH:MM/±HHMM, no zone = UTC)
    # or Unix epoch seconds; the connection's TimeZone is UTC (see prepare_connection)
    f"""create or replace temp macro ld_ts(x) as (
        case when regexp_full_match(x, '{EPOCH_RE}')
               then try(make_timestamp(
                      cast(split_part(ltrim(x, '+'), '.', 1) as bigint) * 1000000
                      + cast(rpad(left(split_part(x, '.', 2), 6), 6, '0') as bigint))::timestamptz)
             when regexp_full_match(x, '{ISO_TS_RE}')
               then try_cast(upper(x) as timestamptz) end)""",
    "create or replace temp macro ld_bool(x) as (case when lower(x) in ('true','t','1','yes','y') then true "
    "when lower(x) in ('false','f','0','no','n') then false end)",
    "create or replace temp macro ld_date(x) as (case when regexp_full_match(x,"
    " '[0-9]{4}-[0-9]{2}-[0-9]{2}') "
    "then try_cast(x as date) end)",
    "create or replace temp macro ld_ts_ok(t) as (t >= TIMESTAMPTZ '"
    + TS_MIN
    + "' and t < TIMESTAMPTZ '"
    + TS_MAX
    + "')",
    # an unquoted CSV field: "a ""b""" -> a "b"
    """create or replace temp macro ld_unquote(f) as (
        case when f[1] = '"' and f[-1] = '"' and length(f) >= 2 then replace(f[2:-2], '""', '"')
            else f end)""",
    # trimmed text, NULL when empty; trim() copies every string, so only padded ones are trimmed
    """create or replace temp macro ld_text(x) as (
        nullif(case when prefix(x, ' ') or suffix(x, ' ') then trim(x) else x end, ''))""",
    # metadata text -> JSON object, NULL when invalid or not an object
    """create or replace temp macro ld_json_obj(m) as (
        case when json_valid(m) then (case when json_type(m) = 'OBJECT' then m::json end) end)""",
]


def parse_expr(text: str, data_type: str) -> str:
    """SQL turning the trimmed text ``text`` into a value of the schema's ``data_type`` (NULL if bad)."""
    dt = data_type.upper()
    if dt == "TIMESTAMPTZ":
        return f"ld_ts({text})"
    if dt == "DOUBLE":
        return f"ld_num({text})"
    if dt == "BIGINT":
        return f"ld_int({text})"
    if dt == "SMALLINT":  # http_status: 100-599
        return f"(case when ld_int({text}) between 100 and 599 then ld_int({text})::smallint end)"
    if dt == "BOOLEAN":
        return f"ld_bool({text})"
    if dt == "DATE":
        return f"ld_date({text})"
    return text


def prepare_connection(con: duckdb.DuckDBPyConnection) -> None:
    """UTC session time zone, bulk-load settings, and the loader's macros and price table on ``con``.

    ``preserve_insertion_order = false``: with it on, DuckDB writes a parallel bulk insert in
    order-preserving batches and merges them again at the checkpoint, which at 1 M rows read
    from 8 Parquet row groups cost about 4 CPU-seconds more than the insert itself. No loader
    statement relies on physical order: row numbers are explicit columns and readers order by them.
    """
    con.execute("set TimeZone = 'UTC'")
    con.execute("set preserve_insertion_order = false")
    for ddl in MACROS:
        con.execute(ddl)
    rows = [
        (
            p.provider,
            p.model,
            p.price_version_id,
            p.input_usd_per_mtok,
            p.output_usd_per_mtok,
            p.cached_input_usd_per_mtok,
            p.cache_write_usd_per_mtok,
            p.valid_from.isoformat(),
            p.valid_to.isoformat() if p.valid_to else None,
        )
        for p in price_book()
    ]
    con.execute(
        "create or replace temp table ld_price_book (provider varchar, model varchar,"
        " price_version_id varchar,"
        " input_p double, output_p double, cached_p double, write_p double, valid_from timestamptz,"
        " valid_to timestamptz)"
    )
    con.executemany("insert into ld_price_book values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def provider_expr(lowered: str) -> str:
    return case_map(lowered, seed_map("provider_aliases", "alias", "provider"), lowered)


def region_expr(lowered: str) -> str:
    return case_map(lowered, seed_map("region_aliases", "alias", "region"), lowered)


def model_expr(lowered: str) -> str:
    """§3.7: a catalogue name is kept; else strip a date suffix, then apply the model aliases."""
    models = catalogue_models()
    aliases = seed_map("model_aliases", "alias", "model")
    stripped = f"regexp_replace({lowered}, '{DATE_SUFFIX_RE}', '')"
    return (
        f"(case when {lowered} in {in_list(models)} then {lowered}"
        f" when {stripped} in {in_list(models)} then {stripped}"
        f" else coalesce({case_map(stripped, aliases)}, {case_map(lowered, aliases)}, {lowered}) end)"
    )


def tier_price_expr(tier: str) -> str:
    prices = {k: float(v) for k, v in seed_map("tiers", "tier", "monthly_price_usd").items()}
    return f"{case_map(f'lower({tier})', prices)}::double"


def error_types() -> dict[str, int]:
    return {k: int(v) for k, v in seed_map("error_types", "error_type", "http_status").items()}


def max_row_bytes() -> int:
    return int(threshold("max_row_bytes"))


def max_metadata_bytes() -> int:
    return int(threshold("max_metadata_bytes"))
