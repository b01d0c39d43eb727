"""Every row-level problem of catalogue §3.5 lands in raw.quarantine with its reason (§3.5, §3.8).

Each case imports a CSV of one good row followed by one bad row and checks that the bad row, and
only it, is quarantined with the expected reason, its raw line text, a detail naming the column,
and that read = accepted + quarantined holds in the report and in SQL.
"""

from __future__ import annotations

import json

import pytest
from loading_kit import Env, csv_text, good_row

from include.loading.columns import REASONS
from include.reference import threshold

MAX_ROW = int(threshold("max_row_bytes"))
MAX_META = int(threshold("max_metadata_bytes"))

GOOD_LINE = csv_text([good_row()]).splitlines()[1]

# (case id, expected reason, bad row: a dict of changes to the good row, or a raw CSV line, text in detail)
CASES = [
    ("too_many_fields", "wrong_column_count", GOOD_LINE + ",extra", "expected 19 fields, found 20"),
    ("too_few_fields", "wrong_column_count", GOOD_LINE.rsplit(",", 2)[0], "expected 19 fields, found 17"),
    ("unclosed_quote_text", "wrong_column_count", GOOD_LINE.replace(",org_001,", ',"org"_001,'), "quot"),
    ("oversized_row", "oversized_field", {"feature_id": "f" * (MAX_ROW + 1)}, f"limit {MAX_ROW}"),
    (
        "oversized_metadata",
        "oversized_field",
        {"metadata": json.dumps({"note": "x" * (MAX_META + 1)})},
        f"limit {MAX_META}",
    ),
    ("missing_timestamp", "missing_required_field", {"timestamp": ""}, "timestamp"),
    ("missing_customer", "missing_required_field", {"customer_id": "  "}, "customer_id"),
    ("missing_provider", "missing_required_field", {"provider": ""}, "provider"),
    ("missing_model", "missing_required_field", {"model": ""}, "model"),
    ("missing_input_tokens", "missing_required_field", {"input_tokens": ""}, "input_tokens"),
    ("missing_output_tokens", "missing_required_field", {"output_tokens": ""}, "output_tokens"),
    ("unparseable_timestamp", "bad_timestamp", {"timestamp": "yesterday at noon"}, "yesterday"),
    ("impossible_date", "bad_timestamp", {"timestamp": "2026-02-30T10:00:00Z"}, "2026-02-30"),
    ("timestamp_before_2000", "bad_timestamp", {"timestamp": "1999-12-31T23:59:59Z"}, "outside"),
    ("timestamp_from_2100", "bad_timestamp", {"timestamp": "2100-01-01T00:00:00Z"}, "outside"),
    ("fractional_tokens", "bad_number", {"input_tokens": "12.5"}, "input_tokens=12.5"),
    ("currency_sign", "bad_number", {"cost_usd": "$0.01"}, "cost_usd=$0.01"),
    ("thousands_separator", "bad_number", {"input_tokens": "1,000"}, "input_tokens=1,000"),
    ("nan_latency", "bad_number", {"latency_ms": "NaN"}, "latency_ms=NaN"),
    ("infinite_cost", "bad_number", {"cost_usd": "inf"}, "cost_usd=inf"),
    ("negative_input", "negative_tokens", {"input_tokens": "-5", "total_tokens": ""}, "input_tokens=-5"),
    ("negative_output", "negative_tokens", {"output_tokens": "-1", "total_tokens": ""}, "output_tokens=-1"),
    ("negative_cache", "negative_tokens", {"metadata": '{"cache_read_tokens": -3}'}, "cache_read_tokens=-3"),
    ("negative_cost", "negative_value", {"cost_usd": "-0.01"}, "cost_usd=-0.01"),
    ("negative_latency", "negative_value", {"latency_ms": "-1"}, "latency_ms=-1"),
    ("negative_tier_price", "negative_value", {"tier_price_usd": "-49"}, "tier_price_usd=-49"),
    ("ttft_over_latency", "ttft_exceeds_latency", {"metadata": '{"ttft_ms": 900}'}, "ttft_ms=900"),
    ("total_mismatch", "total_tokens_mismatch", {"total_tokens": "999"}, "total_tokens=999"),
    (
        "cache_over_input",
        "cache_tokens_exceed_input",
        {"metadata": '{"cache_read_tokens": 800, "cache_creation_tokens": 300}'},
        "input_tokens=1000",
    ),
    ("metadata_not_json", "bad_json_metadata", {"metadata": '{"team": '}, "not a JSON object"),
    ("metadata_is_a_list", "bad_json_metadata", {"metadata": "[1, 2]"}, "not a JSON object"),
    ("status_unknown", "unknown_status", {"status": "maybe"}, "status=maybe"),
    ("success_with_error_type", "status_conflict", {"error_type": "rate_limit"}, "error_type=rate_limit"),
    (
        "error_with_http_200",
        "status_conflict",
        {"status": "error", "error_type": "timeout", "metadata": '{"http_status": 200}'},
        "http_status=200",
    ),
    ("unknown_model_no_cost", "unknown_model", {"model": "my-own-llm", "cost_usd": ""}, "my-own-llm"),
    ("unknown_provider_no_cost", "unknown_model", {"provider": "acme-ai", "cost_usd": ""}, "acme-ai"),
    (
        "model_not_yet_priced",
        "unknown_model",
        {"timestamp": "2023-06-01T00:00:00Z", "cost_usd": ""},
        "2023-06-01",
    ),
    ("duplicate_content", "duplicate_row", {}, "as row 1"),
]


def _line(bad: dict[str, str] | str) -> str:
    return bad if isinstance(bad, str) else csv_text([good_row(**bad)]).splitlines()[1]


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory):
    """One CSV: a good row, then one bad row per case (row_number = case index + 2), loaded once."""
    env = Env(tmp_path_factory.mktemp("quarantine"))
    text = csv_text([good_row()]) + "".join(_line(bad) + "\n" for _, _, bad, _ in CASES)
    landed, report = env.import_text(text)
    return env, landed.stem, report


def test_bad_batch_reconciles(bad_batch):
    env, batch_id, report = bad_batch
    env.assert_reconciles(report)
    (batch,) = report.batches
    assert (batch.rows_read, batch.rows_accepted, batch.rows_quarantined) == (len(CASES) + 1, 1, len(CASES))
    expected: dict[str, int] = {}
    for _, reason, _, _ in CASES:
        expected[reason] = expected.get(reason, 0) + 1
    assert batch.quarantined_by_reason == expected
    assert env.one("select row_number from raw.calls where batch_id = ?", [batch_id]) == 1


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
def test_bad_row_is_quarantined_with_its_reason(bad_batch, index, case):
    env, batch_id, _ = bad_batch
    _, reason, bad, detail = case
    got_reason, got_detail, raw, source, kind = env.one(
        "select reason, reason_detail, raw_content, source, kind from raw.quarantine"
        " where batch_id = ? and row_number = ?",
        [batch_id, index + 2],
    )
    assert (got_reason, source, kind) == (reason, "csv_import", "calls")
    assert detail in got_detail
    assert raw == _line(bad)


def test_a_bad_row_alone_is_quarantined(env):
    """The same check in a batch of its own: the bad row does not depend on its neighbours."""
    landed, report = env.import_text(csv_text([good_row(), good_row(input_tokens="-7", total_tokens="")]))
    env.assert_reconciles(report)
    assert report.batches[0].quarantined_by_reason == {"negative_tokens": 1}
    assert env.one("select row_number, reason from raw.quarantine where batch_id = ?", [landed.stem]) == (
        2,
        "negative_tokens",
    )


def test_every_reason_of_the_catalogue_has_a_case():
    catalogue = set(REASONS) - {"bad_interval", "duplicate_key", "invalid_budget"}
    assert {c[1] for c in CASES} == catalogue
    assert len(catalogue) == 15


def test_first_failing_check_is_the_reason(quarantine_of):
    """§3.5: checks run in table order; a row failing several gets the first."""
    rows = [
        good_row(timestamp="", input_tokens="-1"),  # missing_required_field before negative_tokens
        good_row(input_tokens="x", status="maybe"),  # bad_number before unknown_status
        good_row(total_tokens="5", metadata="{bad"),  # total_tokens_mismatch before bad_json_metadata
        good_row(latency_ms="-1", metadata='{"ttft_ms": 5}'),  # negative_value before ttft_exceeds_latency
    ]
    got = [(r[0], r[1]) for r in quarantine_of(rows)]
    assert got == [
        (1, "missing_required_field"),
        (2, "bad_number"),
        (3, "total_tokens_mismatch"),
        (4, "negative_value"),
    ]


def test_mixed_batch_reconciles_with_counts_by_reason(env):
    rows = [good_row(metadata=json.dumps({"call_id": f"c{i}"})) for i in range(20)]
    rows[3]["timestamp"] = "not a time"
    rows[7]["input_tokens"] = "-2"
    rows[7]["total_tokens"] = ""
    rows[11]["status"] = "weird"
    rows.append(dict(rows[0]))  # an exact repeat of row 1
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    (batch,) = report.batches
    assert batch.rows_read == 21
    assert batch.rows_accepted == 17
    assert batch.quarantined_by_reason == {
        "bad_timestamp": 1,
        "negative_tokens": 1,
        "unknown_status": 1,
        "duplicate_row": 1,
    }
    assert env.sql("select row_number from raw.quarantine where batch_id = ? order by 1", [landed.stem]) == [
        (4,),
        (8,),
        (12,),
        (21,),
    ]


def test_quoted_newline_is_one_row_and_raw_content_keeps_it(quarantine_of):
    rows = [good_row(organization_id="org\nwith newline", status="bogus"), good_row(customer_id="cust_9")]
    (q,) = quarantine_of(rows)
    assert q[0] == 1
    assert q[1] == "unknown_status"
    assert "org\nwith newline" in q[3]


def test_unknown_model_with_reported_cost_is_accepted(env):
    """§3.5: a model outside the catalogue that carries cost_usd is accepted, cost reported."""
    rows = [good_row(provider="acme-ai", model="my-own-llm", cost_usd="0.25")]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert (call["provider"], call["model"], call["cost_usd"], call["cost_source"]) == (
        "acme-ai",
        "my-own-llm",
        0.25,
        "reported",
    )


def test_unknown_model_cost_is_reported_even_when_the_row_says_computed(env):
    """§3.5: without a price row nothing could have computed the cost, so it is `reported`
    (fct_calls checks that an unpriced call carries a reported cost)."""
    rows = [good_row(provider="acme-ai", model="my-own-llm", cost_usd="0.25",
                     metadata='{"cost_source": "computed"}')]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert (call["cost_usd"], call["cost_source"]) == (0.25, "reported")


def test_same_call_id_with_same_content_is_a_duplicate_but_other_content_is_split(env):
    """§3.6: identical rows are one event; the same id on different rows keeps both with ~hash."""
    same = good_row(metadata='{"call_id": "abc"}')
    other = good_row(metadata='{"call_id": "abc"}', input_tokens="5", total_tokens="205")
    landed, report = env.import_text(csv_text([same, same, other]))
    env.assert_reconciles(report)
    assert report.batches[0].quarantined_by_reason == {"duplicate_row": 1}
    calls = env.calls(landed.stem)
    assert [c["row_number"] for c in calls] == [1, 3]
    assert all(c["source_call_id"] == "abc" for c in calls)
    assert all(c["call_id"].startswith("abc~") and len(c["call_id"]) == 3 + 1 + 12 for c in calls)
    assert calls[0]["call_id"] != calls[1]["call_id"]
