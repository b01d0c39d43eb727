"""Workflow, session and budget batches (catalogue §2.4–§2.6): checks, defaults and keys.

Same input shape as :mod:`include.loading.calls` (``v_*``/``t_*`` columns from a Parquet or JSON
Lines batch) and the same output tables (``ld_stage``, ``ld_dups``), so the writer treats every kind
alike. Keys are unique per batch: an identical repeat is ``duplicate_row``; a repeat of the key
with other content is ``duplicate_key`` (the first row wins). ``ended_at < started_at`` is
``bad_interval``; a budget that breaks §2.6 is ``invalid_budget``.
"""

from __future__ import annotations

import duckdb

from include.loading.columns import record_columns
from include.loading.sqlfuncs import in_list

RECORD_OF_KIND = {"calls": "call", "workflows": "workflow", "sessions": "session", "budgets": "budget"}
KEYS = {"workflow": ("workflow_id",), "session": ("session_id",), "budget": ("organization_id", "valid_from")}
REQUIRED = {
    "workflow": ("workflow_id", "started_at"),
    "session": ("session_id", "customer_id", "started_at"),
    "budget": ("organization_id", "monthly_budget_usd", "enforcement", "valid_from"),
}
DEFAULTS = {
    "workflow": {"workflow_name": "'unknown'", "organization_id": "'unknown'", "metadata": "'{}'"},
    "session": {"organization_id": "'unknown'", "session_source": "'explicit'"},
    "budget": {},
}
ENFORCEMENTS = ("alert_only", "fallback", "block")


def _missing(col: str, dt: str) -> str:
    return f"v_{col} is null" if dt in ("VARCHAR", "JSON") else f"(v_{col} is null and t_{col} is null)"


def _checks(record: str) -> list[tuple[str, str, str]]:
    cols = record_columns(record)
    types = dict(cols)
    checks: list[tuple[str, str, str]] = [("wrong_column_count", "structural is not null", "structural")]
    for col in REQUIRED[record]:
        checks.append(("missing_required_field", _missing(col, types[col]), f"'{col} is empty'"))
    for col, dt in cols:
        if dt == "TIMESTAMPTZ":
            checks.append(
                (
                    "bad_timestamp",
                    f"(t_{col} is not null and v_{col} is null) or not ld_ts_ok(v_{col})",
                    f"format('{col}={{}}', coalesce(t_{col}, v_{col}::varchar))",
                )
            )
        elif dt == "DATE":
            checks.append(
                (
                    "bad_timestamp",
                    f"t_{col} is not null and v_{col} is null",
                    f"format('{col}={{}}', t_{col})",
                )
            )
    for col, dt in cols:
        if dt in ("DOUBLE", "BIGINT", "SMALLINT", "BOOLEAN"):
            checks.append(
                ("bad_number", f"t_{col} is not null and v_{col} is null", f"format('{col}={{}}', t_{col})")
            )
    if "metadata" in types:
        checks.append(
            (
                "bad_json_metadata",
                "meta_bad",
                "format('metadata={} (not a JSON object)', left(t_metadata, 200))",
            )
        )
    if "ended_at" in types:
        checks.append(
            (
                "bad_interval",
                "v_ended_at < v_started_at",
                "format('ended_at={} is before started_at={}', v_ended_at, v_started_at)",
            )
        )
    if record == "budget":
        catalogue = "(select provider, model from ld_price_book)"
        checks += [
            (
                "invalid_budget",
                "v_monthly_budget_usd <= 0",
                "format('monthly_budget_usd={} (must be > 0)', v_monthly_budget_usd)",
            ),
            (
                "invalid_budget",
                f"lower(v_enforcement) not in {in_list(ENFORCEMENTS)}",
                f"format('enforcement={{}} (expected one of {', '.join(ENFORCEMENTS)})', v_enforcement)",
            ),
            (
                "invalid_budget",
                f"lower(v_enforcement) = 'fallback' and (lower(v_fallback_provider),"
                f" lower(v_fallback_model)) "
                f"not in {catalogue}",
                "format('fallback model {}/{} is not in the price catalogue', v_fallback_provider,"
                " v_fallback_model)",
            ),
        ]
    return checks


def _final(record: str, col: str, dt: str) -> str:
    default = DEFAULTS[record].get(col)
    if col == "metadata":
        return "coalesce(meta_base, '{}')"
    if col in ("enforcement", "fallback_provider", "fallback_model"):
        return f"lower(v_{col})"
    return f"coalesce(v_{col}, {default})" if default else f"v_{col}"


def build_record_stage(con: duckdb.DuckDBPyConnection, record: str, typed_select: str) -> None:
    """Create ``ld_stage`` and ``ld_dups`` for a workflow/session/budget batch."""
    cols = record_columns(record)
    checks = _checks(record)
    reason = "case " + " ".join(f"when coalesce({c}, false) then '{r}'" for r, c, _ in checks) + " end"
    detail = "case " + " ".join(f"when coalesce({c}, false) then {d}" for _, c, d in checks) + " end"
    finals = ", ".join(f"{_final(record, c, dt)} as f_{c}" for c, dt in cols)
    content = "to_json([" + ", ".join(f"f_{c}::varchar" for c, _ in cols) + "])"
    key = ", ".join(f"f_{k}::varchar" for k in KEYS[record])
    raw_json = (
        "to_json(struct_pack("
        + ", ".join(
            f'"{c}" := to_json(t_metadata)'
            if c == "metadata"
            else (
                f'"{c}" := to_json(v_{c})'
                if dt in ("VARCHAR", "JSON")
                else f'"{c}" := coalesce(to_json(t_{c}), to_json(v_{c}))'
            )
            for c, dt in cols
        )
        + "))::varchar"
    )
    con.execute(f"""
        create or replace temp table ld_stage as
        with src as ({typed_select}),
        checked as (select *, {reason} as reason, {detail} as reason_detail from src),
        final as (select *, {finals} from checked)
        select row_number, coalesce(raw_content, {raw_json}) as raw_content, reason, reason_detail,
               {", ".join(f"f_{c}" for c, _ in cols)},
               case when reason is null then sha256({content}) end as content_hash,
               case when reason is null then to_json([{key}]) end as key_json
        from final
    """)
    con.execute(f"""
        create or replace temp table ld_dups as
        with ranked as (
            select row_number, content_hash, key_json,
                   min(row_number) over (partition by content_hash) as first_same,
                   min(row_number) over (partition by key_json) as first_key
            from ld_stage where reason is null
        )
        select row_number,
               case when first_same < row_number then 'duplicate_row' else 'duplicate_key' end as reason,
               case when first_same < row_number then format('same content as row {{}}', first_same)
                    else format('same {" + ".join(KEYS[record])} as row {{}} with other values',
                        first_key) end
                   as reason_detail
        from ranked where first_key < row_number
    """)


def record_accepted_select(record: str) -> tuple[list[str], str]:
    names = [c for c, _ in record_columns(record)]
    select = f"""
        select {", ".join(f"s.f_{c}" for c in names)}, ?, ?, s.row_number, ?
        from ld_stage s
        where s.reason is null and not exists (select 1 from ld_dups d where d.row_number = s.row_number)
    """
    return [*names, "source", "batch_id", "row_number", "loaded_at"], select


RECORD_QUARANTINE_SELECT = """
    select ?, ?, ?, row_number, raw_content, reason, reason_detail, ?
    from ld_stage where reason is not null
    union all
    select ?, ?, ?, s.row_number, s.raw_content, d.reason, d.reason_detail, ?
    from ld_stage s join ld_dups d on d.row_number = s.row_number
"""
