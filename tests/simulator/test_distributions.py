"""§5.13 shares on ≥ 100,000 standalone calls of a stream without overrides (`base`)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from include.reference import price_book, read_seed
from simulator.context import build_context


def shares(table, column: str) -> dict[str, float]:
    counts = table.group_by(column).aggregate([(column, "count")])
    total = table.num_rows
    return dict(zip(counts.column(column).to_pylist(),
                    (c / total for c in counts.column(f"{column}_count").to_pylist()), strict=True))


def test_provider_shares_match_market_weights(base_only) -> None:
    """Drawn provider = the provider of the requested model (a budget fallback may serve another)."""
    calls = base_only.calls
    assert calls.num_rows >= 100_000
    provider_of = {p.model: p.provider for p in price_book()}
    drawn = pc.coalesce(calls.column("requested_model"), calls.column("model")).to_pylist()
    table = pa.table({"drawn_provider": [provider_of[m] for m in drawn]})
    got = shares(table, "drawn_provider")
    for row in read_seed("providers"):
        assert abs(got[row["provider"]] - float(row["market_weight"])) <= 0.01, row["provider"]
    assert pc.sum(pc.is_valid(calls.column("requested_model"))).as_py() > 0  # fallbacks happened


def test_error_share_and_types(base_only) -> None:
    calls = base_only.calls
    errors = calls.filter(pc.equal(calls.column("status"), "error"))
    assert abs(errors.num_rows / calls.num_rows - 0.05) <= 0.005
    got = shares(errors, "error_type")
    for row in read_seed("error_types"):
        assert abs(got.get(row["error_type"], 0.0) - float(row["simulated_share"])) <= 0.02, row
    assert pc.all(pc.is_null(calls.filter(pc.equal(calls.column("status"), "success"))
                             .column("error_type"))).as_py()
    http = {r["error_type"]: int(r["http_status"]) for r in read_seed("error_types")}
    pairs = errors.group_by(["error_type", "http_status"]).aggregate([])
    for et, code in zip(pairs.column("error_type").to_pylist(), pairs.column("http_status").to_pylist(),
                        strict=True):
        assert http[et] == code
    assert pc.all(pc.equal(errors.column("output_tokens"), 0)).as_py()
    assert pc.all(pc.is_null(errors.column("ttft_ms"))).as_py()
    not_billed = errors.filter(pc.not_equal(errors.column("error_type"), "timeout"))
    assert pc.max(not_billed.column("cost_usd")).as_py() == 0
    timeouts = errors.filter(pc.equal(errors.column("error_type"), "timeout"))
    assert pc.min(timeouts.column("latency_ms")).as_py() >= 30_000
    assert pc.min(timeouts.column("cost_usd")).as_py() > 0


def test_archetype_shares_follow_time_averaged_weights(base_only) -> None:
    ctx = build_context(base_only.params)
    weight = ctx.pop.time_averaged_weight(ctx.grid.p)
    expected = {}
    for code, name in enumerate(ctx.cat.archetypes):
        expected[name] = weight[ctx.pop.archetype == code].sum() / weight.sum()
    got = shares(base_only.calls, "customer_archetype")
    for name, share in expected.items():
        assert abs(got[name] - share) <= 0.02, (name, got[name], share)


def test_environment_region_and_feature_shares(base_only) -> None:
    env = shares(base_only.calls, "environment")
    assert abs(env["production"] - 0.90) < 0.01 and abs(env["development"] - 0.03) < 0.005
    feature = shares(base_only.calls, "feature_id")
    assert abs(feature["chat"] - 0.30) < 0.01 and abs(feature["analysis"] - 0.15) < 0.01


def test_latency_profile_is_plausible(base_only) -> None:
    calls = base_only.calls
    ok = calls.filter(pc.equal(calls.column("status"), "success"))
    latency = ok.column("latency_ms").to_numpy()
    assert 600 < np.median(latency) < 1_600
    assert np.mean(latency <= 2_000) > 0.7
    assert pc.all(pc.less_equal(ok.column("ttft_ms"), ok.column("latency_ms"))).as_py()
