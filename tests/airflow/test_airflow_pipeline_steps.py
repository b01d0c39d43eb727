"""The pipeline's pure helpers: how a run's parameters become a simulation request."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from include import pipeline


def test_explicit_window_end_wins():
    request = pipeline.resolve_request(
        {"window_end": "2025-03-01T00:00:00+00:00", "size_mb": 1},
        run_type="scheduled",
        data_interval_end=datetime(2025, 6, 1, tzinfo=UTC),
    )
    assert request.window_end == "2025-03-01T00:00:00Z"


def test_scheduled_and_backfill_runs_simulate_their_data_interval():
    for run_type in ("scheduled", "backfill"):
        request = pipeline.resolve_request(
            {"size_mb": 1}, run_type=run_type, data_interval_end=datetime(2025, 6, 1, tzinfo=UTC)
        )
        assert request.window_end == "2025-06-01T00:00:00Z"


def test_manual_runs_never_use_the_wall_clock(monkeypatch):
    monkeypatch.setenv("FINOPS_WINDOW_END", "2024-02-03T04:00:00Z")
    request = pipeline.resolve_request({"rows": 10}, run_type="manual", data_interval_end=datetime.now(UTC))
    assert request.window_end == "2024-02-03T04:00:00Z"


def test_rows_win_over_size_and_one_of_them_is_required():
    request = pipeline.resolve_request({"rows": 1234, "size_mb": 50})
    assert (request.rows, request.size_mb) == (1234, None)
    assert pipeline.resolve_request({"rows": None, "size_mb": 2.5}).size_mb == 2.5
    with pytest.raises(ValueError, match="rows or size_mb"):
        pipeline.resolve_request({"rows": None, "size_mb": None})


def test_scenarios_default_to_all_and_unknown_ones_are_refused():
    assert pipeline.resolve_request({"rows": 5}).scenarios == pipeline.SCENARIO_IDS
    assert pipeline.resolve_request({"rows": 5, "scenarios": ["burst"]}).scenarios == ("burst",)
    with pytest.raises(ValueError, match="unknown scenarios"):
        pipeline.resolve_request({"rows": 5, "scenarios": ["burst", "solar_flare"]})


def test_request_round_trips_through_json():
    request = pipeline.resolve_request({"rows": 7, "seed": 3, "scenarios": ["base", "timezone"]})
    again = pipeline.SimulationRequest.from_dict(json.loads(json.dumps(request.to_dict())))
    assert again == request


def test_scenario_ids_are_the_catalogues_twelve():
    assert len(pipeline.SCENARIO_IDS) == len(set(pipeline.SCENARIO_IDS)) == 12
    assert pipeline.SCENARIO_IDS[0] == "base" and pipeline.SCENARIO_IDS[-1] == "viral_spike"


def test_merge_run_results_concatenates_results(tmp_path):
    for name, ids in {"a.json": ["m1", "m2"], "b.json": ["t1"]}.items():
        results = [{"unique_id": i, "status": "success"} for i in ids]
        (tmp_path / name).write_text(json.dumps({"metadata": {}, "results": results, "elapsed_time": 1.5}))
    merged = json.loads(
        pipeline.merge_run_results(list(tmp_path.glob("*.json")), tmp_path / "m" / "r.json").read_text()
    )
    assert [r["unique_id"] for r in merged["results"]] == ["m1", "m2", "t1"]
    assert merged["elapsed_time"] == 3.0
