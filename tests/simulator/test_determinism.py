"""§5.1 / §5.13: output is a pure function of the parameters; exact size; ids; window."""

from __future__ import annotations

import re

import pyarrow.compute as pc

from simulator.api import SimulationParams, generate
from simulator.tables import arrow_schema


def test_same_parameters_same_tables() -> None:
    a = generate(SimulationParams(rows=5_000, seed=3))
    b = generate(SimulationParams(rows=5_000, seed=3))
    for kind in ("calls", "workflows", "sessions", "budgets"):
        assert a.table(kind).equals(b.table(kind)), kind


def test_different_seed_differs(simrun) -> None:
    a = simrun(rows=5_000, seed=3)
    b = simrun(rows=5_000, seed=4)
    assert not a.calls.column("cost_usd").equals(b.calls.column("cost_usd"))
    assert a.calls.column("call_id")[0].as_py() != b.calls.column("call_id")[0].as_py()


def test_larger_runs_are_new_draws_not_copies(simrun) -> None:
    small, large = simrun(rows=5_000, seed=3), simrun(rows=10_000, seed=3)
    assert large.calls.num_rows == 10_000
    assert pc.count_distinct(large.calls.column("timestamp")).as_py() == 10_000
    assert pc.count_distinct(large.calls.column("prompt_hash")).as_py() > 6_000
    # same window, twice the density: the first half of the larger run is not the smaller run
    assert pc.max(large.calls.column("timestamp")).as_py() > pc.max(small.calls.column("timestamp")).as_py() \
        or not large.calls.slice(0, 5_000).column("timestamp").equals(small.calls.column("timestamp"))
    assert pc.min(large.calls.column("timestamp")).as_py() >= small.params.window_start


def test_exact_rows_and_schema(small, simrun) -> None:
    assert small.calls.num_rows == 20_000
    assert simrun(rows=12_345).calls.num_rows == 12_345
    assert simrun(rows=1).calls.num_rows == 1
    for kind, record in (("calls", "call"), ("workflows", "workflow"), ("sessions", "session"),
                         ("budgets", "budget")):
        assert small.table(kind).schema.equals(arrow_schema(record)), kind


def test_timestamps_inside_the_window_and_sorted(small) -> None:
    p = small.params
    ts = small.calls.column("timestamp")
    assert pc.min(ts).as_py() >= p.window_start
    assert pc.max(ts).as_py() < p.window_end
    values = ts.to_numpy()
    assert (values[1:] >= values[:-1]).all()


def test_call_ids_unique_and_ordered(small) -> None:
    ids = small.calls.column("call_id")
    assert pc.count_distinct(ids).as_py() == small.calls.num_rows
    prefix = small.params.call_id_prefix
    assert re.fullmatch(re.escape(prefix) + r"\d{10}", ids[0].as_py())
    assert ids[0].as_py().endswith("0000000000") and ids[-1].as_py().endswith(f"{20_000 - 1:010d}")


def test_hex_fields_have_their_formats(small) -> None:
    calls = small.calls
    for column, pattern in (("trace_id", r"^[0-9a-f]{32}$"), ("prompt_hash", r"^[0-9a-f]{16}$"),
                            ("api_key_hash", r"^[0-9a-f]{16}$"), ("request_id", r"^req_[0-9a-f]{16}$"),
                            ("session_id", r"^ses_[0-9a-f]{16}$"), ("user_id", r"^usr_\d{4}_\d{2}$")):
        assert pc.all(pc.match_substring_regex(calls.column(column), pattern)).as_py(), column


def test_customer_attributes_are_constant(small) -> None:
    per_customer = small.calls.group_by("customer_id").aggregate(
        [(c, "count_distinct") for c in ("organization_id", "product_id", "customer_archetype",
                                         "subscription_tier", "tier_price_usd")])
    for name in per_customer.column_names:
        if name.endswith("_count_distinct"):
            assert pc.max(per_customer.column(name)).as_py() == 1, name


def test_first_27_customers_cover_every_segment(simrun) -> None:
    result = simrun(rows=3_000, customers=27)
    combos = result.calls.group_by(["customer_archetype", "subscription_tier", "product_id"]).aggregate([])
    assert combos.num_rows == 27
