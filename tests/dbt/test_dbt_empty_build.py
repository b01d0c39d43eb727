"""§1.4: with an empty raw layer every model still builds, counts are zero, ratios NULL, and no
recommendation fires."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_harness import CORE_SELECTION, built_warehouse, fetch

from include.warehouse import ensure_raw_schema

pytestmark = pytest.mark.timeout(1200)


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # every analysis that feeds rpt_recommendations must also build on empty input (§1.4)
    selection = (*CORE_SELECTION, "+rpt_recommendations")
    return built_warehouse(tmp_path_factory.mktemp("dbt_empty"), ensure_raw_schema, selection)


def test_summary_has_zero_counts_and_null_ratios(empty_warehouse: Path) -> None:
    rows = fetch(
        empty_warehouse,
        "select calls, cost_usd, tokens, successful_calls, covered_days, success_rate,"
        " avg_cost_per_call, p99_latency_ms, window_days, description"
        " from marts.rpt_dataset_overview__summary",
    )
    assert rows == [(0, 0.0, 0, 0, 0, None, None, None, None, None)]


def test_lists_are_empty_and_nothing_fires(empty_warehouse: Path) -> None:
    for table in (
        "marts.fct_calls",
        "marts.rpt_dataset_overview__distributions",
        "marts.rpt_dataset_overview__sources",
        "marts.rpt_dataset_overview__daily",
        "intermediate.int_recommendations__dataset_overview",
    ):
        assert fetch(empty_warehouse, f"select count(*) from {table}") == [(0,)], table


def test_one_row_marts_and_unknown_members_exist(empty_warehouse: Path) -> None:
    assert fetch(empty_warehouse, "select count(*) from marts.rpt_dataset_overview__temporal") == [(1,)]
    assert fetch(empty_warehouse, "select customers from marts.rpt_dataset_overview__scale") == [(0,)]
    for dim, key in (("dim_customers", "customer_id"), ("dim_organizations", "organization_id")):
        assert fetch(empty_warehouse, f"select {key} from marts.{dim}") == [("unknown",)], dim
    quality = dict(
        fetch(empty_warehouse, "select check_name, value from marts.rpt_dataset_overview__quality")
    )
    assert quality["rows_read"] == 0 and quality["unpriced_calls"] == 0
    assert quality["quarantined_pct"] is None


def test_no_analysis_recommends_anything_on_empty_input(empty_warehouse: Path) -> None:
    fired = fetch(empty_warehouse, "select analysis, rec_code from marts.rpt_recommendations")
    assert fired == [], f"recommendations on an empty warehouse (§1.4, §1.11): {sorted(set(fired))}"
