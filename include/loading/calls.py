"""Validation, canonicalisation and identity of call rows (catalogue §3.3–§3.7), in DuckDB SQL.

Input: a SELECT with ``row_number``, ``raw_content``, ``row_bytes``, ``structural``, for every
call column ``v_<col>`` (typed value, NULL when empty or unparseable) and, for non-text columns,
``t_<col>`` (the given text; non-NULL with a NULL value means it did not parse), plus
``t_metadata``, ``meta_bad``, ``meta_base`` and ``extras``. CSV, JSON Lines and Parquet batches all
arrive in that shape, so every source passes the same checks.

Output: the view ``ld_checked`` (one row per input row: final ``f_<col>`` values, ``reason`` of
the first failed §3.5 check from :mod:`include.loading.checks`, ``content_hash`` where identity
needs it) and small side tables: ``ld_side`` (quarantined rows with detail and raw content, plus
rows that need identity work), ``ld_dups`` (rows whose canonical content repeats an earlier row),
``ld_rejected`` (row numbers of both), ``ld_flagged`` (row numbers of the side rows) and
``ld_split_ids`` (given call ids shared by rows with different content, which get ``~`` + 12 hex).

Speed: a 1 M-row Parquet batch is read three times: for a distinct count of its call ids, by the
checks (only the columns they use; the full-width side rows are built only for the rows they flag),
and once in full by the INSERT into ``raw.calls``, which takes reasons and hashes from the side
tables instead of evaluating the checks again. Nothing the size
of the batch is copied in between, and canonical names are computed once per distinct raw value.
"""

from __future__ import annotations

import duckdb

from include.loading.checks import call_checks
from include.loading.columns import call_columns
from include.loading.sqlfuncs import (
    ERROR_WORDS,
    SUCCESS_WORDS,
    case_map,
    error_types,
    in_list,
    model_expr,
    provider_expr,
    region_expr,
    tier_price_expr,
)

UNKNOWN_DEFAULTS = ("organization_id", "product_id", "feature_id", "customer_archetype", "subscription_tier")


def _final_columns() -> dict[str, str]:
    """SQL of every final column except call_id and source_call_id (decided after dedup)."""
    f: dict[str, str] = {}
    for col, _ in call_columns():
        f[col] = f"v_{col}"
    for col in UNKNOWN_DEFAULTS:
        f[col] = f"coalesce(v_{col}, 'unknown')"
    errs = error_types()
    f.update(
        {
            "timestamp": "v_timestamp",
            "tier_price_usd": f"coalesce(v_tier_price_usd, {tier_price_expr('v_subscription_tier')})",
            "provider": "f_provider",
            "model": "f_model",
            "region": "f_region",
            "environment": "coalesce(v_environment, 'production')",
            "total_tokens": "coalesce(v_total_tokens, v_input_tokens + v_output_tokens)",
            "cache_read_tokens": "coalesce(v_cache_read_tokens, 0)",
            "cache_creation_tokens": "coalesce(v_cache_creation_tokens, 0)",
            "cost_usd": "coalesce(v_cost_usd, (greatest(v_input_tokens - coalesce(v_cache_read_tokens, 0)"
            " - coalesce(v_cache_creation_tokens, 0), 0) * input_p + coalesce(v_cache_read_tokens,"
            " 0) * cached_p"
            " + coalesce(v_cache_creation_tokens, 0) * write_p + v_output_tokens * output_p) / 1e6)",
            # §3.5: a cost for a model without a price can only be what the source reported
            "cost_source": "case when v_cost_usd is null then 'computed' when price_version_id is null"
            " then 'reported' when v_cost_source in ('reported', 'computed')"
            " then v_cost_source else 'reported' end",
            "usage_source": "coalesce(v_usage_source, 'reported')",
            "status": "f_status",
            "error_type": "f_error_type",
            "http_status": f"coalesce(v_http_status, case when f_status = 'success' then 200 else "
            f"coalesce({case_map('f_error_type', errs)}, 500) end)::smallint",
            "metadata": "case when extras is null and raw_patch is null then coalesce(meta_base, '{}')"
            " else json_merge_patch(coalesce(meta_base, '{}'), coalesce(extras, '{}'),"
            " '{' || coalesce(raw_patch, '') || '}')::varchar end",
        }
    )
    del f["call_id"], f["source_call_id"]
    return f


def _content_sql() -> str:
    """§3.6 canonical content: normalised values in §2.1 order as a JSON array (NULL → null)."""
    parts = []
    for col, dt in call_columns():
        if col in ("call_id", "source_call_id"):
            parts.append(f"v_{col}")
        elif dt == "TIMESTAMPTZ":
            parts.append(f"strftime(f_{col}, '%Y-%m-%dT%H:%M:%S.%fZ')")
        elif dt == "JSON":
            parts.append(f"json(f_{col})::varchar")
        else:
            parts.append(f"f_{col}::varchar")
    return "to_json([" + ", ".join(parts) + "])"


def _raw_json_sql() -> str:
    """A typed row as JSON text, the raw_content of a quarantined Parquet row."""
    parts = []
    for col, dt in call_columns():
        if col == "metadata":
            parts.append('"metadata" := to_json(t_metadata)')
        elif dt in ("VARCHAR", "JSON"):
            parts.append(f'"{col}" := to_json(v_{col})')
        else:
            parts.append(f'"{col}" := coalesce(to_json(t_{col}), to_json(v_{col}))')
    return "to_json(struct_pack(" + ", ".join(parts) + "))::varchar"


def _canon_map_sql() -> str:
    """§3.7 canonical provider/model/region and error type, computed once per distinct raw value set."""
    known_errors = in_list(list(error_types()))
    raw_changes = ", ".join(
        [
            "case when v_provider <> f_provider then '\"provider_raw\":' || to_json(v_provider) end",
            "case when v_model <> f_model then '\"model_raw\":' || to_json(v_model) end",
            "case when v_region <> f_region then '\"region_raw\":' || to_json(v_region) end",
            "case when v_error_type <> f_error_type_given then '\"error_type_raw\":' ||"
            " to_json(v_error_type) end",
        ]
    )
    return f"""
        with d as (select distinct v_provider, v_model, v_region, v_error_type from ld_typed),
        c as (
            select *,
                {provider_expr("lower(v_provider)")} as f_provider,
                {model_expr("lower(v_model)")} as f_model,
                coalesce({region_expr("lower(v_region)")}, 'unknown') as f_region,
                case when lower(v_error_type) in {known_errors} then lower(v_error_type)
                     when v_error_type is not null then 'other' end as f_error_type_given
            from d
        )
        select *, nullif(concat_ws(',', {raw_changes}), '') as raw_patch from c
    """


def _checked_view_sql() -> str:
    """Every input row with its final values, §3.5 reason and (where identity needs it) content hash."""
    checks = call_checks()
    reason = "case " + " ".join(f"when coalesce({c}, false) then '{r}'" for r, c, _ in checks) + " end"
    finals = ",\n".join(f"{sql} as f_{col}" for col, sql in _final_columns().items())
    return f"""
        with canon as (
            select t.*, c.f_provider, c.f_model, c.f_region, c.f_error_type_given, c.raw_patch,
                r.h is not null as id_repeated,
                case when lower(t.v_status) in {in_list(SUCCESS_WORDS)} then 'success'
                     when lower(t.v_status) in {in_list(ERROR_WORDS)} then 'error'
                     when t.v_status is null then
                        case when t.v_error_type is not null or t.v_http_status >= 400 then 'error'
                            else 'success' end
                end as f_status
            from ld_typed t
            left join ld_canon c
              on c.v_provider is not distinct from t.v_provider and c.v_model is not distinct from t.v_model
             and c.v_region is not distinct from t.v_region and c.v_error_type is not distinct from
                 t.v_error_type
            left join ld_repeated r on r.h = hash(t.v_call_id)
        ),
        priced as (
            select canon.*, pb.price_version_id, pb.input_p, pb.output_p, pb.cached_p, pb.write_p,
                case when f_status = 'error' then coalesce(f_error_type_given, 'other') end as f_error_type
            from canon left join ld_price_book pb
              on pb.provider = canon.f_provider and pb.model = canon.f_model
             and canon.v_timestamp >= pb.valid_from
             and (pb.valid_to is null or canon.v_timestamp < pb.valid_to)
        ),
        checked as (select *, {reason} as reason from priced),
        final as (select *, {finals} from checked)
        select *,
            case when reason is null and (v_call_id is null or id_repeated) then sha256({_content_sql()}) end
                as content_hash
        from final
    """


def build_calls_stage(con: duckdb.DuckDBPyConnection, typed_select: str, *, materialize: bool) -> None:
    """Create the views and side tables of one calls batch (module docstring).

    ``materialize`` copies the parsed input once (text sources, whose parsing is costly); a Parquet
    batch stays a view, so the accepted rows stream from the file into ``raw.calls`` in one pass.
    """
    kind = "table" if materialize else "view"
    con.execute(f"create or replace temp {kind} ld_typed as {typed_select}")
    con.execute("create or replace temp table ld_repeated (h ubigint)")
    # counting distinct ids is cheaper than grouping them; batches with unique ids stop here
    (repeats,) = con.execute("select count(v_call_id) - count(distinct v_call_id) from ld_typed").fetchone()
    if repeats:
        con.execute("""
            insert into ld_repeated
            select hash(v_call_id) from ld_typed where v_call_id is not null group by 1 having count(*) > 1
        """)
    con.execute(f"create or replace temp table ld_canon as {_canon_map_sql()}")
    con.execute(f"create or replace temp view ld_checked as {_checked_view_sql()}")
    # Side rows are found by a scan of only the columns the checks read; the full-width select
    # (raw content and canonical content of every column) then runs for those rows alone, and not
    # at all for a clean batch. `content_hash is not null` is spelt out so the first scan does not
    # hash whole rows.
    con.execute("""
        create or replace temp table ld_flagged as
        select row_number from ld_checked where reason is not null or v_call_id is null or id_repeated
    """)
    (flagged,) = con.execute("select count(*) from ld_flagged").fetchone()
    detail = "case " + " ".join(f"when coalesce({c}, false) then {d}" for _, c, d in call_checks()) + " end"
    con.execute(f"""
        create or replace temp table ld_side as
        select row_number, reason, case when reason is not null then {detail} end as reason_detail,
               coalesce(raw_content, {_raw_json_sql()}) as raw_content, v_call_id, content_hash
        from ld_checked
        where {"row_number in (select row_number from ld_flagged)" if flagged else "false"}
    """)
    con.execute("""
        create or replace temp table ld_dups as
        select row_number, first_row from (
            select row_number, min(row_number) over (partition by content_hash) as first_row
            from ld_side where content_hash is not null
        ) where row_number <> first_row
    """)
    con.execute("""
        create or replace temp table ld_rejected as
        select row_number from ld_side where reason is not null union all select row_number from ld_dups
    """)
    con.execute("""
        create or replace temp table ld_split_ids as
        select s.v_call_id as sid from ld_side s
        where s.content_hash is not null and s.v_call_id is not null
          and not exists (select 1 from ld_dups d where d.row_number = s.row_number)
        group by 1 having count(distinct s.content_hash) > 1
    """)


def accepted_select(source_param: str = "?") -> tuple[list[str], str]:
    """(raw.calls columns, SELECT of the accepted rows); parameters: source, batch_id, loaded_at."""
    names = [c for c, _ in call_columns()]
    exprs = []
    for c in names:
        if c == "call_id":
            exprs.append(
                "case when s.v_call_id is null then 'imp_' || left(h.content_hash, 32)"
                " when x.sid is not null then s.v_call_id || '~' || left(h.content_hash, 12)"
                " else s.v_call_id end"
            )
        elif c == "source_call_id":
            exprs.append("case when x.sid is not null then s.v_call_id else s.v_source_call_id end")
        else:
            exprs.append(f"s.f_{c}")
    # reasons and hashes come from the side tables, so the checks are not evaluated a second time
    select = f"""
        select {", ".join(exprs)}, {source_param}, ?, s.row_number, ?
        from ld_checked s
        left join ld_side h on h.row_number = s.row_number
        left join ld_split_ids x on s.v_call_id = x.sid
        where not exists (select 1 from ld_rejected r where r.row_number = s.row_number)
    """
    return [*names, "source", "batch_id", "row_number", "loaded_at"], select


QUARANTINE_SELECT = """
    select ?, ?, ?, row_number, raw_content, reason, reason_detail, ?
    from ld_side where reason is not null
    union all
    select ?, ?, ?, s.row_number, s.raw_content, 'duplicate_row',
           format('same canonical content as row {}', d.first_row), ?
    from ld_side s join ld_dups d on d.row_number = s.row_number
"""
