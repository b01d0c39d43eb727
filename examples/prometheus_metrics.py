"""Seed 004, Prometheus metrics: token, cost and budget families on an optional /metrics server.

Families: ``llm_tokens_total{model,direction,tenant_id}``, ``llm_cost_usd_total{model,tenant_id}``,
``budget_remaining_usd{tenant_id}``, ``budget_daily_reset_time{tenant_id}``, fallback and
rejection counters, budget alerts, and the tracker's sink health (``finops_sdk_*``). Alert on
``budget_remaining_usd`` and on the fallback share in your Prometheus rules.

Run: ``.venv/bin/python examples/prometheus_metrics.py``
"""

from __future__ import annotations

import urllib.request

from _support import file_tracker, workspace
from finops_sdk import CostTracker, MetadataBuilder, SdkMetrics, start_metrics_server
from prometheus_client.parser import text_string_to_metric_families


def main() -> None:
    root = workspace()
    metrics = SdkMetrics()
    tracker = metrics.watch(file_tracker(root))
    cost_tracker = CostTracker(root / "budgets.sqlite3", tracker=tracker, metrics=metrics)
    cost_tracker.set_monthly_budget("org_acme", 30.44, enforcement="fallback", fallback_model="gpt-4o-mini")
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    for model, tokens in [("gpt-4o", 100_000), ("gpt-4o", 200_000), ("gpt-4o", 200_000)]:
        with cost_tracker.track_tokens_sync("org_acme", model, tokens, 10_000, metadata=md) as usage:
            usage["input_tokens"], usage["output_tokens"] = tokens, 10_000
    tracker.flush()

    server = start_metrics_server(metrics, port=0)  # port 0: any free port; use 9464 or so in production
    url = f"http://127.0.0.1:{server.server_address[1]}/metrics"
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    server.shutdown()
    print(f"scraped {url}")
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.endswith("_created"):
                continue
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            print(f"{sample.name}{{{labels}}} {sample.value:g}")
    tracker.close()


if __name__ == "__main__":
    main()
