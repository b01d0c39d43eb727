"""abuse_detection (§6.13) finds each planted-abuse pattern of §5.9.

A small simulated run is loaded together with one extra calls batch holding the seven §5.9
patterns (tests/analyses/planted_abuse.py, one new customer each); the abuse_detection models,
their parents and the seeds are built with dbt (the data tests run in the full build), and each
planted customer must be flagged by the rule aimed at its pattern. The oracle suite's
test_planted_abuse_is_detected checks the simulator's own planted calls the same way.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pandas as pd
import pytest

from include.loading.api import load_files
from include.reference import threshold
from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from simulator.api import SimulationParams, run_simulation
from tests.analyses.conftest import AnalysisWarehouse
from tests.analyses.planted_abuse import planted_calls

DBT_TIMEOUT_SECONDS = 900


@pytest.fixture(scope="module")
def planted_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnalysisWarehouse]:
    root = tmp_path_factory.mktemp("planted-abuse")
    landing = root / "landing"
    manifest = run_simulation(SimulationParams(seed=11, rows=6_000), landing)
    files = [landing / str(f["path"]) for f in manifest["files"]]  # type: ignore[union-attr]
    simulated = pd.concat(pd.read_parquet(f) for f in files if f.parent.name == "calls")
    planted_file = landing / "api" / "calls" / "planted_abuse_0001.parquet"
    planted_file.parent.mkdir(parents=True)
    planted_calls(simulated).to_parquet(planted_file, index=False)
    warehouse = root / "warehouse.duckdb"
    report = load_files(warehouse, [*files, planted_file])
    assert all(b.rows_quarantined == 0 for b in report.batches if b.batch_id == "planted_abuse_0001")
    target = root / "dbt-target"
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "dbt"), "build", "--project-dir", str(DBT_PROJECT_DIR),
               "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target),
               "--log-path", str(target / "logs"), "-s", "+tag:abuse_detection",
               "--exclude-resource-type", "test", "unit_test"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=DBT_TIMEOUT_SECONDS,
                            check=False)
    assert result.returncode == 0, f"dbt build of abuse_detection failed:\n{result.stdout[-6000:]}"
    yield AnalysisWarehouse(path=warehouse, target_dir=target)


def _customer(pattern: str) -> str:
    return f"cust_planted_{pattern}"


def test_planted_calls_reach_fct_calls(planted_warehouse) -> None:
    planted = planted_warehouse.query(
        "select customer_id, count(*) as n from marts.fct_calls where scenario = 'planted_abuse' group by 1")
    assert len(planted) == 7 and planted["n"].min() >= 30


def test_spike_hour_is_a_usage_spike(planted_warehouse) -> None:
    spikes = planted_warehouse.table("marts.rpt_abuse_detection__usage_spikes")
    spike = spikes[spikes["customer_id"] == _customer("spike_hour")]
    assert len(spike) == 1 and spike["calls"].iloc[0] >= 200
    assert spike["multiple"].iloc[0] > threshold("spike_multiple")


def test_minute_burst_is_flagged_for_concurrency(planted_warehouse) -> None:
    concurrency = planted_warehouse.table("marts.rpt_abuse_detection__concurrency").set_index("customer_id")
    burst = concurrency.loc[_customer("minute_burst")]
    assert bool(burst["is_flagged"]) and burst["busiest_minute_calls"] == 80


def test_pattern_rules_find_their_patterns(planted_warehouse) -> None:
    patterns = planted_warehouse.table("marts.rpt_abuse_detection__suspicious_patterns")
    found = {(r.customer_id, r.pattern): r.value for r in patterns.itertuples()}
    assert found[(_customer("feature_spam"), "feature_spam")] == 100.0
    assert found[(_customer("off_hours"), "off_hours")] == pytest.approx(90.0, rel=1e-9)
    assert found[(_customer("model_hopping"), "model_hopping")] == 12.0
    assert found[(_customer("batch_jobs"), "batch_processing")] == 10.0
    # the other planted customers do not show these patterns
    assert (_customer("spike_hour"), "feature_spam") not in found
    assert (_customer("feature_spam"), "model_hopping") not in found


def test_automated_cadence_scores_in_tier_gaming(planted_warehouse) -> None:
    gaming = planted_warehouse.table("marts.rpt_abuse_detection__tier_gaming").set_index("customer_id")
    automated = gaming.loc[_customer("automated_cadence")]
    assert "automated_pattern" in automated["flags"]
    assert automated["gap_cv"] < threshold("automation_cv")
    others = gaming.drop(index=_customer("automated_cadence"), errors="ignore")
    assert not others["flags"].str.contains("automated_pattern").any()


def test_the_abuse_summary_counts_the_findings(planted_warehouse) -> None:
    summary = planted_warehouse.table("marts.rpt_abuse_detection__summary").iloc[0]
    assert summary["spike_customers"] >= 1 and summary["concurrency_customers"] >= 1
    assert summary["gaming_customers"] >= 1 and summary["pattern_customers"] >= 4
