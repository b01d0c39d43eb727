"""The shared oracle warehouse holds what the oracles assume: every accepted call in fct_calls."""

from __future__ import annotations


def test_every_loaded_call_reaches_fct_calls(analysis_warehouse) -> None:
    raw = analysis_warehouse.query("select count(distinct call_id) as n from raw.calls")["n"].iloc[0]
    fct = analysis_warehouse.query("select count(*) as n, count(distinct call_id) as d from marts.fct_calls")
    assert raw > 1_000
    assert fct["n"].iloc[0] == fct["d"].iloc[0] == raw
