"""``import-csv`` of the seed-001 layout and its tolerances (catalogue §3.1–§3.4, §3.6, §3.7)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from loading_kit import SEED001, csv_text, good_row

from include.loading.api import ImportFileError, import_csv
from include.reference import read_seed


def test_seed001_file_lands_under_its_content_batch_id_and_loads(env):
    text = csv_text([good_row(), good_row(customer_id="cust_0002")])
    landed, report = env.import_text(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    assert landed == env.landing / "csv_import" / "calls" / f"csv_{sha[:16]}.csv"
    assert landed.read_text() == text
    env.assert_reconciles(report)
    (batch,) = report.batches
    assert (batch.batch_id, batch.source, batch.kind, batch.rows_accepted) == (
        landed.stem,
        "csv_import",
        "calls",
        2,
    )
    calls = env.calls(landed.stem)
    assert [c["customer_id"] for c in calls] == ["cust_0001", "cust_0002"]
    first = calls[0]
    assert first["timestamp"] == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert (first["input_tokens"], first["output_tokens"], first["total_tokens"]) == (1000, 200, 1200)
    assert (first["cost_usd"], first["cost_source"], first["status"], first["http_status"]) == (
        0.0045,
        "reported",
        "success",
        200,
    )
    assert (first["source"], first["batch_id"], first["row_number"]) == ("csv_import", landed.stem, 1)
    assert first["loaded_at"] is not None


def test_columns_match_by_name_in_any_order_with_case_whitespace_and_synonyms(env):
    """§3.2: trimmed, lower-cased header names, any order, tenant_id/prompt_tokens/... synonyms."""
    renamed = {
        "organization_id": "  Tenant_ID ",
        "input_tokens": "PROMPT_TOKENS",
        "output_tokens": "completion_tokens",
        "timestamp": " TS",
    }
    columns = [renamed.get(c, c.upper() if i % 2 else c) for i, c in enumerate(SEED001)][::-1]
    row = good_row(organization_id="org_042", input_tokens="300", output_tokens="40", total_tokens="340")
    values = [row[c] for c in SEED001][::-1]
    text = ",".join(columns) + "\n" + ",".join(values) + "\n"
    landed, report = env.import_text(text)
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert (call["organization_id"], call["input_tokens"], call["output_tokens"]) == ("org_042", 300, 40)
    assert call["timestamp"] == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert call["metadata"] == {}


def test_call_id_and_environment_instead_of_error_type_and_metadata(env):
    """§3.2: the variant layout with call_id and environment, in another order, is the same layout."""
    columns = [c for c in SEED001 if c not in ("error_type", "metadata")] + ["environment", "call_id"]
    rows = [good_row(environment="staging", call_id="req-1"), good_row(environment="", call_id="req-2")]
    landed, report = env.import_text(csv_text(rows, columns[::-1]))
    env.assert_reconciles(report)
    calls = env.calls(landed.stem)
    assert [(c["call_id"], c["environment"]) for c in calls] == [
        ("req-1", "staging"),
        ("req-2", "production"),
    ]
    assert all(c["error_type"] is None and c["metadata"] == {} for c in calls)


def test_canonical_provider_model_region_keep_the_original_in_metadata(env):
    """§3.7 through the alias seeds; lower-casing alone is not a change worth recording."""
    rows = [
        good_row(provider="Bedrock", model="claude-3-5-sonnet-20241022", region="us-east-1"),
        good_row(provider="azure_openai", model="azure-gpt-4o-mini", region="eu-west-1"),
        good_row(provider="gcp.vertex_ai", model="gemini-pro-1.5", region="ap-southeast-1"),
        good_row(provider="OpenAI", model="GPT-4o-2024-08-06", region="mars-north"),
        good_row(provider="anthropic", model="claude-sonnet-4.5"),
    ]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    got = [(c["provider"], c["model"], c["region"], c["metadata"]) for c in env.calls(landed.stem)]
    assert got == [
        (
            "aws-bedrock",
            "claude-3.5-sonnet",
            "us-east",
            {"provider_raw": "Bedrock", "model_raw": "claude-3-5-sonnet-20241022", "region_raw": "us-east-1"},
        ),
        (
            "azure",
            "azure-gpt-4o-mini",
            "eu-west",
            {"provider_raw": "azure_openai", "region_raw": "eu-west-1"},
        ),
        (
            "google",
            "gemini-1.5-pro",
            "ap-southeast",
            {"provider_raw": "gcp.vertex_ai", "model_raw": "gemini-pro-1.5", "region_raw": "ap-southeast-1"},
        ),
        ("openai", "gpt-4o", "mars-north", {"provider_raw": "OpenAI", "model_raw": "GPT-4o-2024-08-06"}),
        ("anthropic", "claude-sonnet-4-5", "us-east", {"model_raw": "claude-sonnet-4.5"}),
    ]


def test_every_alias_seed_row_is_applied(env):
    aliases = read_seed("provider_aliases")
    rows = [good_row(provider=a["alias"], model="some-model", cost_usd="0.01") for a in aliases]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    assert [c["provider"] for c in env.calls(landed.stem)] == [a["provider"] for a in aliases]


def test_absent_optional_columns_get_the_catalogue_defaults(env):
    """§3.3 with only the six required columns (plus a tier): unknowns, computed cost, defaults."""
    columns = [
        "timestamp",
        "customer_id",
        "provider",
        "model",
        "input_tokens",
        "output_tokens",
        "subscription_tier",
    ]
    rows = [good_row(subscription_tier="pro"), good_row(subscription_tier="", model="gpt-4o-mini")]
    landed, report = env.import_text(csv_text(rows, columns))
    env.assert_reconciles(report)
    pro, unknown = env.calls(landed.stem)
    tiers = {t["tier"]: float(t["monthly_price_usd"]) for t in read_seed("tiers")}
    prices = {(p["provider"], p["model"]): p for p in read_seed("price_book")}
    gpt4o = prices[("openai", "gpt-4o")]
    expected_cost = (
        1000 * float(gpt4o["input_usd_per_mtok"]) + 200 * float(gpt4o["output_usd_per_mtok"])
    ) / 1e6
    for call in (pro, unknown):
        assert (call["organization_id"], call["product_id"], call["feature_id"], call["region"]) == (
            "unknown",
        ) * 4
        assert (call["customer_archetype"], call["environment"]) == ("unknown", "production")
        assert (call["total_tokens"], call["cache_read_tokens"], call["cache_creation_tokens"]) == (
            1200,
            0,
            0,
        )
        assert (call["status"], call["error_type"], call["http_status"]) == ("success", None, 200)
        assert (call["cost_source"], call["usage_source"], call["latency_ms"], call["ttft_ms"]) == (
            "computed",
            "reported",
            None,
            None,
        )
        assert call["metadata"] == {}
        assert call["call_id"].startswith("imp_") and len(call["call_id"]) == 4 + 32
    assert pro["tier_price_usd"] == tiers["pro"]
    assert (unknown["subscription_tier"], unknown["tier_price_usd"]) == ("unknown", None)
    assert pro["cost_usd"] == pytest.approx(expected_cost)


def test_status_and_error_type_rules(env):
    rows = [
        good_row(status="OK"),
        good_row(status="Failed", error_type="rate_limit", cost_usd="0"),
        good_row(status="", error_type="timeout"),
        good_row(status="error", error_type="gremlins"),
        good_row(status="", metadata='{"http_status": 503}'),
    ]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    got = [(c["status"], c["error_type"], c["http_status"]) for c in env.calls(landed.stem)]
    codes = {e["error_type"]: int(e["http_status"]) for e in read_seed("error_types")}
    assert got == [
        ("success", None, 200),
        ("error", "rate_limit", codes["rate_limit"]),
        ("error", "timeout", codes["timeout"]),
        ("error", "other", 500),
        ("error", "other", 503),
    ]
    assert env.calls(landed.stem)[3]["metadata"] == {"error_type_raw": "gremlins"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05T10:00:00Z", "2026-01-05T10:00:00+00:00"),
        ("2026-01-05 10:00:00", "2026-01-05T10:00:00+00:00"),
        ("2026-01-05T12:00:00+02:00", "2026-01-05T10:00:00+00:00"),
        ("2026-01-05T05:00:00-0500", "2026-01-05T10:00:00+00:00"),
        ("2026-01-05T10:00:00.123456789Z", "2026-01-05T10:00:00.123456+00:00"),
        ("2026-01-05T10:00:00.5", "2026-01-05T10:00:00.500000+00:00"),
        ("1767607200", "2026-01-05T10:00:00+00:00"),
        ("1767607200.25", "2026-01-05T10:00:00.250000+00:00"),
    ],
)
def test_timestamp_forms_are_utc(env, text, expected):
    landed, report = env.import_text(csv_text([good_row(timestamp=text)]))
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert call["timestamp"].astimezone(UTC).isoformat() == expected


def test_number_forms(env):
    rows = [
        good_row(
            cost_usd="8.9e-05",
            input_tokens="1.23e2",
            output_tokens="+7",
            total_tokens="130.0",
            latency_ms="1E3",
            tier_price_usd="+199",
        )
    ]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert (call["cost_usd"], call["input_tokens"], call["output_tokens"], call["total_tokens"]) == (
        8.9e-05,
        123,
        7,
        130,
    )
    assert (call["latency_ms"], call["tier_price_usd"]) == (1000.0, 199.0)


def test_metadata_keys_fill_columns_and_unknown_columns_go_to_metadata(env):
    """§3.3: metadata keys named like a column fill it unless the column has a value; §3.2 extras."""
    columns = [*SEED001, "team", "environment"]
    meta = {
        "session_id": "s-1",
        "environment": "staging",
        "cache_read_tokens": 100,
        "ttft_ms": 120,
        "custom": {"a": 1},
    }
    rows = [
        good_row(metadata=json.dumps(meta), team=" search ", environment="development"),
        good_row(metadata=json.dumps(meta), team="", environment=""),
    ]
    landed, report = env.import_text(csv_text(rows, columns))
    env.assert_reconciles(report)
    first, second = env.calls(landed.stem)
    assert (first["session_id"], first["cache_read_tokens"], first["ttft_ms"]) == ("s-1", 100, 120.0)
    assert first["environment"] == "development"  # the real column wins; the losing key stays in metadata
    assert second["environment"] == "staging"  # the metadata key fills an empty column and leaves metadata
    assert first["metadata"] == {"custom": {"a": 1}, "team": "search", "environment": "staging"}
    assert second["metadata"] == {"custom": {"a": 1}}


def test_bom_crlf_and_quoted_fields(env):
    rows = [
        good_row(organization_id='org "quoted", with comma', metadata='{"note": "a,b"}'),
        good_row(feature_id="multi\nline"),
    ]
    text = "\ufeff" + csv_text(rows).replace("\n", "\r\n")
    landed, report = env.import_text(text.encode("utf-8"))
    env.assert_reconciles(report)
    first, second = env.calls(landed.stem)
    assert first["organization_id"] == 'org "quoted", with comma'
    assert first["metadata"] == {"note": "a,b"}
    assert second["feature_id"] == "multi\r\nline"
    assert report.batches[0].rows_read == 2


def test_header_only_file_is_a_valid_empty_batch(env):
    landed, report = env.import_text(csv_text([]))
    env.assert_reconciles(report)
    assert (report.batches[0].rows_read, report.batches[0].rows_accepted) == (0, 0)
    assert env.one("select count(*) from raw.batches where batch_id = ?", [landed.stem]) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no header"),
        (b"\n" + csv_text([good_row()]).encode(), "no header"),
        (csv_text([good_row()], [*SEED001, " MODEL"]).encode(), "duplicate column name"),
        (csv_text([good_row()], [*SEED001, "tenant"]).encode(), "both mean 'organization_id'"),
        (csv_text([good_row()], [c for c in SEED001 if c != "customer_id"]).encode(), "customer_id"),
        (csv_text([good_row()]).encode().replace(b"org_001", b"org_\xff01"), "not UTF-8"),
    ],
    ids=["empty", "blank_first_line", "duplicate", "duplicate_synonym", "required_absent", "undecodable"],
)
def test_file_level_problems_reject_the_whole_file(env, content, message):
    path = env.write("bad.csv", content)
    with pytest.raises(ImportFileError, match=message) as info:
        import_csv(path, env.landing)
    assert str(path) in str(info.value)
    assert not (env.landing / "csv_import" / "calls").exists() or not any(
        (env.landing / "csv_import" / "calls").iterdir()
    )


def test_importing_the_same_bytes_twice_replaces_the_batch(env):
    text = csv_text([good_row(), good_row(input_tokens="-1", total_tokens="")])
    first_landed, _ = env.import_text(text, "a.csv")
    second_landed, second = env.import_text(text, "copy-of-a.csv")
    assert first_landed == second_landed
    env.assert_reconciles(second)
    assert env.one("select count(*) from raw.calls") == 1
    assert env.one("select count(*) from raw.quarantine") == 1
    assert env.one("select count(*) from raw.batches") == 1


def test_text_values_are_trimmed(env):
    """§3.4: text values are trimmed; identifiers keep their case."""
    rows = [good_row(customer_id="  Cust_A ", provider=" openai", model="gpt-4o  ", feature_id=" chat ")]
    landed, report = env.import_text(csv_text(rows))
    env.assert_reconciles(report)
    (call,) = env.calls(landed.stem)
    assert (call["customer_id"], call["provider"], call["model"], call["feature_id"]) == (
        "Cust_A",
        "openai",
        "gpt-4o",
        "chat",
    )
    assert call["metadata"] == {}
