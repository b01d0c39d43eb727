"""Prometheus metrics: names and labels of the issue, parsed from the real ``/metrics`` server output."""

from __future__ import annotations

import urllib.request
from datetime import UTC, datetime

import pytest
from finops_sdk import (
    BudgetExceededError,
    CostTracker,
    SdkMetrics,
    start_metrics_server,
)
from prometheus_client.parser import text_string_to_metric_families


def scrape(metrics: SdkMetrics) -> dict[str, list]:
    """Samples by sample name, read over HTTP from the optional /metrics server."""
    server = start_metrics_server(metrics, port=0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(sample)
    return samples


def value(samples, name: str, **labels: str) -> float:
    matching = [
        s.value for s in samples.get(name, []) if all(s.labels.get(k) == v for k, v in labels.items())
    ]
    assert len(matching) == 1, (name, labels, samples.get(name))
    return matching[0]


def test_budget_and_usage_families_with_their_labels(tmp_path):
    metrics = SdkMetrics()
    now = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    costs = CostTracker(tmp_path / "b.sqlite3", metrics=metrics, clock=lambda: now)
    costs.set_daily_budget("acme", 0.004, enforcement="fallback", fallback_model="gpt-4o-mini")
    costs.set_daily_budget("tiny", 0.000001, enforcement="block")
    for _ in range(2):
        with costs.track_tokens_sync("acme", "gpt-4o", 1000, 0) as usage:
            usage["input_tokens"], usage["output_tokens"] = 1000, 100
    with pytest.raises(BudgetExceededError):
        costs.track_tokens_sync("tiny", "gpt-4o", 1000).__enter__()
    s = scrape(metrics)
    assert value(s, "llm_tokens_total", model="gpt-4o", direction="input", tenant_id="acme") == 1000
    assert value(s, "llm_tokens_total", model="gpt-4o", direction="output", tenant_id="acme") == 100
    assert value(s, "llm_tokens_total", model="gpt-4o-mini", direction="input", tenant_id="acme") == 1000
    first = (1000 * 2.5 + 100 * 10) / 1e6
    assert value(s, "llm_cost_usd_total", model="gpt-4o", tenant_id="acme") == pytest.approx(first)
    fallback_cost = (1000 * 0.15 + 100 * 0.6) / 1e6
    assert value(s, "llm_cost_usd_total", model="gpt-4o-mini", tenant_id="acme") == pytest.approx(
        fallback_cost
    )
    remaining = value(s, "budget_remaining_usd", tenant_id="acme")
    assert remaining == pytest.approx(0.004 - first - fallback_cost)
    assert (
        value(s, "budget_daily_reset_time", tenant_id="acme") == datetime(2026, 3, 2, tzinfo=UTC).timestamp()
    )
    assert (
        value(s, "llm_fallback_total", tenant_id="acme", requested_model="gpt-4o", model="gpt-4o-mini") == 1
    )
    assert value(s, "llm_budget_rejected_total", tenant_id="tiny", model="gpt-4o") == 1
    assert value(s, "budget_alerts_total", tenant_id="acme", level="warning") == 1
    assert {s.labels["tenant_id"] for s in s["budget_remaining_usd"]} == {"acme", "tiny"}


def test_sink_health_is_read_at_scrape_time(md, tracking_server, down_http_tracker):
    metrics = SdkMetrics()
    tracker = down_http_tracker
    metrics.watch(tracker)
    for _ in range(3):
        tracker.track_call(provider="openai", model="gpt-4o", input_tokens=10, metadata=md)
    assert not tracker.flush(0.5)
    s = scrape(metrics)
    assert value(s, "finops_sdk_sink_up", sink="http") == 0
    assert value(s, "finops_sdk_circuit_state", sink="http") == 2  # open
    assert value(s, "finops_sdk_events_tracked_total", sink="http") == 3
    assert value(s, "finops_sdk_events_delivered_total", sink="http") == 0
    assert value(s, "finops_sdk_spool_backlog_bytes", sink="http") > 0
    tracking_server.status = 200
    tracker.breaker.reset_timeout_s = 0
    assert tracker.flush(10)
    s = scrape(metrics)
    assert value(s, "finops_sdk_sink_up", sink="http") == 1
    assert value(s, "finops_sdk_events_delivered_total", sink="http") == 3
    assert value(s, "finops_sdk_spool_backlog_bytes", sink="http") == 0


def test_each_family_has_one_help_and_type_line():
    text = SdkMetrics().render()
    for family in (
        "llm_tokens_total",
        "llm_cost_usd_total",
        "budget_remaining_usd",
        "budget_daily_reset_time",
    ):
        assert text.count(f"# TYPE {family} ") == 1 and text.count(f"# HELP {family} ") == 1
