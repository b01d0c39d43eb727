"""The §3.5 row checks of a call, in catalogue order, as SQL over the staged columns.

Each check is ``(reason, condition, detail)``: ``condition`` is true when the row fails it and
``detail`` names the column and the offending value. The first failing check is the row's reason,
so the order of the list is the order of the catalogue table. Conditions read the typed ``v_*`` and
given-text ``t_*`` columns of the staged batch and the ``f_*`` values the canonicalisation computes
(``f_status``, ``f_provider``, ``f_model``) plus ``price_version_id`` from the price join.
"""

from __future__ import annotations

from include.loading.columns import NON_NEGATIVE_VALUES, REQUIRED, TOKEN_COLUMNS, call_columns, call_types
from include.loading.sqlfuncs import max_metadata_bytes, max_row_bytes


def _missing(col: str) -> str:
    if call_types()[col] in ("VARCHAR", "JSON"):
        return f"v_{col} is null"
    return f"(v_{col} is null and t_{col} is null)"


def _first(conditions: list[tuple[str, str]]) -> tuple[str, str]:
    """(any condition, detail of the first true one) for an ordered list of (condition, detail)."""
    any_sql = " or ".join(f"coalesce({c}, false)" for c, _ in conditions)
    detail = "case " + " ".join(f"when {c} then {d}" for c, d in conditions) + " end"
    return f"({any_sql})", detail


def _integral_note(data_type: str) -> str:
    return "" if data_type == "DOUBLE" else " (not an integral number)"


def call_checks() -> list[tuple[str, str, str]]:
    """The §3.5 checks in order: (reason, condition, detail)."""
    types = call_types()
    numeric = [c for c, t in call_columns() if t in ("DOUBLE", "BIGINT", "SMALLINT")]
    max_row, max_meta = max_row_bytes(), max_metadata_bytes()
    checks: list[tuple[str, str, str]] = [("wrong_column_count", "structural is not null", "structural")]
    checks.append(
        (
            "oversized_field",
            *_first(
                [
                    (f"row_bytes > {max_row}", f"format('row is {{}} bytes (limit {max_row})', row_bytes)"),
                    (
                        f"strlen(t_metadata) > {max_meta}",
                        f"format('metadata is {{}} bytes (limit {max_meta})', strlen(t_metadata))",
                    ),
                ]
            ),
        )
    )
    checks.append(("missing_required_field", *_first([(_missing(c), f"'{c} is empty'") for c in REQUIRED])))
    checks.append(
        (
            "bad_timestamp",
            *_first(
                [
                    (
                        "t_timestamp is not null and v_timestamp is null",
                        "format('timestamp={}', t_timestamp)",
                    ),
                    (
                        "not ld_ts_ok(v_timestamp)",
                        "format('timestamp={} is outside 2000-01-01 .. 2100-01-01', "
                        "coalesce(t_timestamp, strftime(v_timestamp, '%Y-%m-%dT%H:%M:%S.%fZ')))",
                    ),
                ]
            ),
        )
    )
    checks.append(
        (
            "bad_number",
            *_first(
                [
                    (
                        f"t_{c} is not null and v_{c} is null",
                        f"format('{c}={{}}', t_{c}) || '{_integral_note(types[c])}'",
                    )
                    for c in numeric
                ]
            ),
        )
    )
    checks.append(
        ("negative_tokens", *_first([(f"v_{c} < 0", f"format('{c}={{}}', v_{c})") for c in TOKEN_COLUMNS]))
    )
    checks.append(
        (
            "negative_value",
            *_first([(f"v_{c} < 0", f"format('{c}={{}}', v_{c})") for c in NON_NEGATIVE_VALUES]),
        )
    )
    checks.append(
        (
            "ttft_exceeds_latency",
            "v_ttft_ms > v_latency_ms",
            "format('ttft_ms={} > latency_ms={}', v_ttft_ms, v_latency_ms)",
        )
    )
    checks.append(
        (
            "total_tokens_mismatch",
            "v_total_tokens <> v_input_tokens + v_output_tokens",
            "format('total_tokens={} but input_tokens + output_tokens={}', v_total_tokens, "
            "v_input_tokens + v_output_tokens)",
        )
    )
    checks.append(
        (
            "cache_tokens_exceed_input",
            "coalesce(v_cache_read_tokens, 0) + coalesce(v_cache_creation_tokens, 0) > v_input_tokens",
            "format('cache_read_tokens={} + cache_creation_tokens={} > input_tokens={}', "
            "coalesce(v_cache_read_tokens, 0), coalesce(v_cache_creation_tokens, 0), v_input_tokens)",
        )
    )
    checks.append(
        ("bad_json_metadata", "meta_bad", "format('metadata={} (not a JSON object)', left(t_metadata, 200))")
    )
    checks.append(("unknown_status", "f_status is null", "format('status={}', v_status)"))
    checks.append(
        (
            "status_conflict",
            *_first(
                [
                    (
                        "f_status = 'success' and v_error_type is not null",
                        "format('status=success with error_type={}', v_error_type)",
                    ),
                    (
                        "f_status = 'error' and v_http_status < 400",
                        "format('status=error with http_status={}', v_http_status)",
                    ),
                ]
            ),
        )
    )
    checks.append(
        (
            "unknown_model",
            "v_cost_usd is null and price_version_id is null",
            "format('no cost_usd and no price for provider={} model={} at {}', f_provider, f_model, "
            "strftime(v_timestamp, '%Y-%m-%dT%H:%M:%SZ'))",
        )
    )
    return checks
