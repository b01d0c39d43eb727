"""`dbt build` on handmade raw data: the spine and dataset_overview hold the expected figures.

The expected values come from tests/dbt/dbt_handmade_data.py, computed in Python from the very
rows written to raw.*, never from the SQL under test.
"""

from __future__ import annotations

import math
from datetime import UTC
from pathlib import Path

import pytest
from dbt_handmade_data import QUARANTINED, covered_dates, expected, write_raw
from dbt_harness import built_warehouse, fetch, records
from dbt_price_oracle import list_cost

from include.reference import threshold

pytestmark = pytest.mark.timeout(1200)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_warehouse(tmp_path_factory.mktemp("dbt_handmade"), write_raw)


def query(warehouse: Path, sql: str) -> list[tuple]:
    return fetch(warehouse, sql)


def one(warehouse: Path, sql: str) -> dict:
    rows = records(warehouse, sql)
    assert len(rows) == 1, f"{sql!r} returned {len(rows)} rows"
    return rows[0]


def close(actual: float | None, wanted: float | None) -> bool:
    if actual is None or wanted is None:
        return actual is wanted
    return math.isclose(actual, wanted, rel_tol=1e-9, abs_tol=1e-12)


def test_fct_calls_has_one_row_per_distinct_accepted_call_id(warehouse: Path) -> None:
    (raw_ids,) = query(warehouse, "select count(distinct call_id) from raw.calls")[0]
    (raw_rows,) = query(warehouse, "select count(*) from raw.calls")[0]
    (fct_rows,) = query(warehouse, "select count(*) from marts.fct_calls")[0]
    assert raw_rows == 315
    assert fct_rows == raw_ids == len(expected().calls) == 305


def test_superseded_rows_keep_the_latest_batch(warehouse: Path) -> None:
    rows = dict(query(warehouse, "select call_id, batch_id from marts.fct_calls where call_id < 'c0012'"))
    assert {rows[f"c{i:04d}"] for i in range(10)} == {"csv_handmade000000001"}
    assert rows["c0010"] == rows["c0011"] == "sim_handmade_calls_0000"


def test_costs_match_the_price_book(warehouse: Path) -> None:
    want = expected().by_id
    got = query(warehouse, "select call_id, cost_usd, list_cost_usd, price_status from marts.fct_calls")
    assert len(got) == len(want)
    for call_id, cost, listed, status in got:
        call = want[call_id]
        assert close(cost, call["cost_usd"]), call_id
        assert close(listed, list_cost(call)), call_id
        assert status == ("unpriced" if call["model"] == "mystery-model" else "priced")


def test_token_buckets_and_derived_fields(warehouse: Path) -> None:
    row = one(
        warehouse,
        "select uncached_input_tokens, call_date, call_hour, iso_week, is_success, capability_class,"
        " tokens_per_second from marts.fct_calls where call_id = 'c0035'",
    )
    call = expected().by_id["c0035"]  # 35 % 5 == 0 and 35 % 7 == 0: both cache buckets
    assert row["uncached_input_tokens"] == call["input_tokens"] - 100 - 50
    assert row["call_date"] == call["timestamp"].astimezone(UTC).date()
    assert row["call_hour"].hour == call["timestamp"].astimezone(UTC).hour
    assert row["iso_week"].isoweekday() == 1
    assert row["is_success"] is True
    assert row["capability_class"] == "balanced"  # 35 % 3 == 2: google gemini-2.5-flash
    assert close(row["tokens_per_second"], 200 / ((500.0 + 35) / 1000))


def test_summary(warehouse: Path) -> None:
    calls = expected().calls
    success = [c for c in calls if c["status"] == "success"]
    latencies = [c["latency_ms"] for c in success]
    row = one(warehouse, "select * from marts.rpt_dataset_overview__summary")
    assert row["calls"] == len(calls)
    assert close(row["cost_usd"], sum(c["cost_usd"] for c in calls))
    assert row["tokens"] == sum(c["total_tokens"] for c in calls)
    assert row["successful_calls"] == len(success)
    assert row["failed_calls"] == len(calls) - len(success)
    assert close(row["success_rate"], len(success) / len(calls))
    for p, column in ((0.5, "p50_latency_ms"), (0.95, "p95_latency_ms"), (0.99, "p99_latency_ms")):
        assert close(row[column], expected().percentile(latencies, p)), column
    span = (max(c["timestamp"] for c in calls) - min(c["timestamp"] for c in calls)).total_seconds()
    assert close(row["window_days"], max(span, 3600) / 86400)
    assert row["covered_days"] == len(covered_dates(calls))
    assert row["description"] == f"{span / 86400:.1f} days"


def test_scale_and_distributions(warehouse: Path) -> None:
    calls = expected().calls
    scale = one(warehouse, "select * from marts.rpt_dataset_overview__scale")
    assert scale["customers"] == len({c["customer_id"] for c in calls}) == 20
    assert scale["models"] == 4 and scale["providers"] == 3
    rows = query(
        warehouse,
        "select value, calls, call_pct, rank from marts.rpt_dataset_overview__distributions"
        " where dimension = 'region' order by rank",
    )
    counts = {r: sum(1 for c in calls if c["region"] == r) for r in {c["region"] for c in calls}}
    assert [r[0] for r in rows] == sorted(counts, key=lambda r: (-counts[r], r))
    for value, count, pct, _ in rows:
        assert count == sum(1 for c in calls if c["region"] == value)
        assert close(pct, expected().share("region", value))
    errors = query(
        warehouse,
        "select value, calls from marts.rpt_dataset_overview__distributions where dimension = 'error_type'",
    )
    assert errors == [("rate_limit", sum(1 for c in calls if c["status"] == "error"))]


def test_quality_checks(warehouse: Path) -> None:
    checks = dict(query(warehouse, "select check_name, value from marts.rpt_dataset_overview__quality"))
    quarantined = sum(n for _, n in QUARANTINED)
    assert checks["rows_read"] == 300 + 15 + quarantined
    assert checks["rows_quarantined"] == quarantined
    assert checks["quarantined:bad_timestamp"] == 3
    assert checks["duplicate_rows"] == 1
    assert checks["superseded_ids"] == 10 and checks["superseded_rows"] == 10
    assert checks["unpriced_calls"] == 5
    assert checks["reported_cost_calls"] == 10
    assert close(checks["reported_vs_list_max_rel_diff"], 0.1)
    assert checks["attribute_drift_customers"] == 1


def test_recommendations_fire_exactly_where_the_figures_cross_thresholds(warehouse: Path) -> None:
    calls = expected().calls
    fired = {
        code: value
        for code, value in query(
            warehouse, "select rec_code, metric_value from intermediate.int_recommendations__dataset_overview"
        )
    }
    quarantined = sum(n for _, n in QUARANTINED)
    quarantine_pct = 100 * quarantined / (315 + quarantined)
    shares = {
        "feature_concentration": max(expected().share("feature_id", f) for f in ("chat", "analysis")),
        "provider_call_concentration": max(expected().share("provider", p) for p in ("openai", "google")),
    }
    want = {"attribute_drift", "starter_heavy_mix", "region_imbalance"}
    if quarantine_pct > threshold("quarantine_alert_pct"):
        want.add("quarantine_share")
    if shares["feature_concentration"] > threshold("feature_call_share_pct"):
        want.add("feature_concentration")
    if shares["provider_call_concentration"] > threshold("provider_call_share_pct"):
        want.add("provider_call_concentration")
    if sum(c["cost_usd"] for c in calls) / len(calls) > threshold("avg_cost_per_call_alert_usd"):
        want.add("high_avg_cost")
    assert set(fired) == want
    assert close(fired["quarantine_share"], quarantine_pct)
    assert close(fired["starter_heavy_mix"], expected().share("subscription_tier", "starter"))
