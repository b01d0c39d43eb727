"""`dbt build` on a small simulated dataset loaded by the real loader (tests/dbt/dbt_simulated_data.py).

The expected figures come from raw.* and from include/reference.py in plain Python, never from
the SQL under test. The build covers the core spine, dataset_overview and rpt_recommendations
with every analysis that feeds it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from dbt_harness import CORE_SELECTION, build, fetch, records, run_dbt
from dbt_price_oracle import list_cost
from dbt_simulated_data import RESENT, UNPRICED_CALL_ID, SimulatedLoad, simulate_and_load

from include.reference import price_book, read_seed, thresholds

pytestmark = pytest.mark.timeout(1500)

COST_SAMPLE_EVERY = 10  # every 10th call (by call_id) is re-priced in Python


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SimulatedLoad, Path]:
    root = tmp_path_factory.mktemp("dbt_simulated")
    result = simulate_and_load(root)
    build(result.warehouse, root / "target", (*CORE_SELECTION, "+rpt_recommendations"))
    return result, root / "target"


@pytest.fixture(scope="module")
def loaded(built: tuple[SimulatedLoad, Path]) -> SimulatedLoad:
    return built[0]


def rows(load: SimulatedLoad, sql: str) -> list[dict]:
    return records(load.warehouse, sql)


def scalar(load: SimulatedLoad, sql: str):
    ((value,),) = fetch(load.warehouse, sql)
    return value


def simulated_error_bill(call: dict) -> float:
    """§2.2 / §5.6: a failed simulated call bills its uncached input when its error type's seed
    row says ``billing = input`` (timeouts), else nothing."""
    billing = {r["error_type"]: r["billing"] for r in read_seed("error_types")}[call["error_type"]]
    if billing != "input":
        return 0.0
    (price,) = [p for p in price_book() if p.price_version_id == call["price_version_id"]]
    uncached = call["input_tokens"] - call["cache_read_tokens"] - call["cache_creation_tokens"]
    return uncached * price.input_usd_per_mtok / 1e6


def test_fct_calls_is_accepted_rows_minus_superseded_duplicates(loaded: SimulatedLoad) -> None:
    raw_rows = scalar(loaded, "select count(*) from raw.calls")
    superseded = scalar(
        loaded, "select coalesce(sum(superseded_rows), 0) from intermediate.int_superseded_calls"
    )
    fct_rows = scalar(loaded, "select count(*) from marts.fct_calls")
    assert raw_rows == 3000 + RESENT + 1
    assert superseded == RESENT
    assert (
        fct_rows == raw_rows - superseded == scalar(loaded, "select count(distinct call_id) from raw.calls")
    )
    kept = rows(
        loaded, f"select call_id, batch_id from marts.fct_calls where batch_id = '{loaded.csv_batch_id}'"
    )
    assert {r["call_id"] for r in kept} == {*loaded.resent_call_ids, UNPRICED_CALL_ID}


def test_token_buckets_add_up_on_every_call(loaded: SimulatedLoad) -> None:
    calls = rows(
        loaded,
        "select call_id, input_tokens, output_tokens, total_tokens, cache_read_tokens,"
        " cache_creation_tokens, uncached_input_tokens from marts.fct_calls",
    )
    assert len(calls) == 3001
    assert sum(c["cache_read_tokens"] for c in calls) > 0, "no cache reads simulated: the check is vacuous"
    assert sum(c["cache_creation_tokens"] for c in calls) > 0, (
        "no cache writes simulated: the check is vacuous"
    )
    for c in calls:
        assert (
            c["uncached_input_tokens"]
            == c["input_tokens"] - c["cache_read_tokens"] - c["cache_creation_tokens"]
        )
        buckets = (
            c["uncached_input_tokens"]
            + c["cache_read_tokens"]
            + c["cache_creation_tokens"]
            + c["output_tokens"]
        )
        assert buckets == c["total_tokens"] == c["input_tokens"] + c["output_tokens"], c["call_id"]


def test_cost_recomputed_from_the_price_book_valid_at_call_time(loaded: SimulatedLoad) -> None:
    sample = rows(
        loaded,
        "select * from (select *, row_number() over (order by call_id) as n from marts.fct_calls)"
        f" where n % {COST_SAMPLE_EVERY} = 0 or call_id = '{UNPRICED_CALL_ID}'",
    )
    assert len(sample) > 250
    by_version = {p.price_version_id: p for p in price_book()}
    checked_errors = 0
    for call in sample:
        want = list_cost(call)
        if want is None:
            assert call["price_status"] == "unpriced" and call["list_cost_usd"] is None, call["call_id"]
            assert call["cost_source"] == "reported" and call["cost_usd"] > 0, "an unpriced call is never $0"
            continue
        assert call["price_status"] == "priced", call["call_id"]
        assert by_version[call["price_version_id"]].model == call["model"]
        assert math.isclose(call["list_cost_usd"], want, rel_tol=1e-9, abs_tol=1e-15), call["call_id"]
        if call["cost_source"] == "computed":
            billed = want if call["status"] == "success" else simulated_error_bill(call)
            assert math.isclose(call["cost_usd"], billed, rel_tol=1e-9, abs_tol=1e-15), call["call_id"]
            checked_errors += call["status"] == "error"
    assert checked_errors > 0, "no failed call in the sample: the billing check is vacuous"
    unpriced = rows(loaded, "select * from marts.fct_calls where price_status = 'unpriced'")
    assert [(r["call_id"], r["cost_usd"], r["capability_class"]) for r in unpriced] == [
        (UNPRICED_CALL_ID, 0.0421, "unknown")
    ]


def test_every_dimension_has_one_unknown_member(loaded: SimulatedLoad) -> None:
    dims = [
        r["table_name"]
        for r in rows(
            loaded,
            "select table_name from information_schema.tables"
            " where table_schema = 'marts' and table_name like 'dim\\_%' escape '\\' order by 1",
        )
    ]
    assert {"dim_customers", "dim_models", "dim_organizations", "dim_providers"} <= set(dims)
    for dim in dims:
        unknown = scalar(loaded, f"select count(*) from marts.{dim} where is_unknown_member")
        assert unknown == 1, f"{dim} has {unknown} unknown members"
    assert (
        scalar(
            loaded,
            "select count(*) from marts.fct_calls f anti join marts.dim_customers d using (customer_id)",
        )
        == 0
    )


def test_dataset_overview_quality_counts_the_load(loaded: SimulatedLoad) -> None:
    checks = {
        r["check_name"]: r["value"] for r in rows(loaded, "select * from marts.rpt_dataset_overview__quality")
    }
    assert checks["superseded_rows"] == RESENT
    assert checks["unpriced_calls"] == 1
    assert checks["rows_quarantined"] == 4
    assert checks["rows_read"] == checks["rows_accepted"] + checks["rows_quarantined"]


def test_sources_are_fresh_right_after_a_load(built: tuple[SimulatedLoad, Path]) -> None:
    """`dbt source freshness` reads loaded_at (set by the loader at load time) on every raw table."""
    load, target = built
    run_dbt(["source", "freshness"], load.warehouse, target)
    results = json.loads((target / "sources.json").read_text())["results"]
    statuses = {r["unique_id"].rsplit(".", 1)[-1]: r["status"] for r in results}
    assert statuses["calls"] == "pass" and statuses["batches"] == "pass", statuses
    assert set(statuses.values()) <= {"pass"}, statuses


def test_the_simulated_data_reaches_the_marts(loaded: SimulatedLoad) -> None:
    """Guard against a vacuous build: the warehouse file really holds the simulated run."""
    assert Path(loaded.warehouse).stat().st_size > 0
    assert scalar(loaded, "select calls from marts.rpt_dataset_overview__summary") == 3001


def recommendations(load: SimulatedLoad) -> list[dict]:
    recs = rows(load, "select * from marts.rpt_recommendations order by rank")
    assert recs, "no recommendation fired on the simulated data: nothing to check"
    return recs


def key(rec: dict) -> str:
    return f"{rec['analysis']}/{rec['rec_code']}/{rec['entity_id']}"


def test_recommendations_carry_their_metric_and_the_seed_threshold(loaded: SimulatedLoad) -> None:
    recs = recommendations(loaded)
    seed = thresholds()
    problems = [
        f"{key(r)}: no triggering metric" for r in recs if not r["metric_name"] or r["metric_value"] is None
    ]
    problems += [
        f"{key(r)}: {r['threshold_name']} = {r['threshold_value']}, seed {seed[r['threshold_name']]}"
        for r in recs
        if r["threshold_name"] in seed
        and not math.isclose(r["threshold_value"], float(seed[r["threshold_name"]]), rel_tol=1e-9)
    ]
    assert not problems, "recommendation rows with wrong trigger figures:\n" + "\n".join(problems)
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    overview = [r for r in recs if r["analysis"] == "dataset_overview"]
    assert all(r["threshold_name"] and r["threshold_value"] is not None for r in overview), overview


def test_every_recommendation_names_the_threshold_it_crossed(loaded: SimulatedLoad) -> None:
    """Every analysis's rows (last in this file: a failure names the analysis that must fix it)."""
    missing = [
        key(r) for r in recommendations(loaded) if not r["threshold_name"] or r["threshold_value"] is None
    ]
    assert not missing, (
        "recommendations without threshold_name/threshold_value (the owner of each analysis must set "
        "the seed entry, or the data figure, its trigger compared with):\n  " + "\n  ".join(missing)
    )
