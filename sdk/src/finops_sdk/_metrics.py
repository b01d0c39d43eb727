"""Prometheus metrics of the SDK, through ``prometheus_client`` (seed 004 names).

Families (a private :class:`CollectorRegistry` by default, so an application's own registry is
never polluted unless it passes one):

- ``llm_tokens_total{model,direction,tenant_id}`` and ``llm_cost_usd_total{model,tenant_id}``;
- ``budget_remaining_usd{tenant_id}`` and ``budget_daily_reset_time{tenant_id}`` (Unix time of
  the next 00:00 UTC); tenants without a budget get no ``budget_remaining_usd`` sample;
- ``llm_fallback_total{tenant_id,requested_model,model}``, ``llm_budget_rejected_total{tenant_id,model}``,
  ``budget_alerts_total{tenant_id,level}``;
- sink health of every watched tracker, read at scrape time (nothing on the hot path):
  ``finops_sdk_sink_up{sink}``, ``finops_sdk_circuit_state{sink}`` (0 closed, 1 half-open,
  2 open), ``finops_sdk_events_tracked_total``, ``finops_sdk_events_delivered_total``,
  ``finops_sdk_events_dead_lettered_total``, ``finops_sdk_spool_backlog_bytes``,
  ``finops_sdk_queue_depth``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from finops_sdk._resilience import CLOSED, STATE_CODES

if TYPE_CHECKING:
    from finops_sdk._tracker import Tracker


class _TrackerHealth(Collector):
    def __init__(self) -> None:
        self.trackers: weakref.WeakSet[Tracker] = weakref.WeakSet()

    def collect(self) -> Iterator[Any]:
        up = GaugeMetricFamily("finops_sdk_sink_up", "1 when the sink accepts deliveries", labels=["sink"])
        state = GaugeMetricFamily(
            "finops_sdk_circuit_state", "Circuit breaker: 0 closed, 1 half-open, 2 open", labels=["sink"]
        )
        tracked = CounterMetricFamily(
            "finops_sdk_events_tracked", "Events recorded by track_call", labels=["sink"]
        )
        delivered = CounterMetricFamily("finops_sdk_events_delivered", "Events delivered", labels=["sink"])
        dead = CounterMetricFamily(
            "finops_sdk_events_dead_lettered", "Events the sink rejected", labels=["sink"]
        )
        backlog = GaugeMetricFamily(
            "finops_sdk_spool_backlog_bytes", "Undelivered spooled bytes", labels=["sink"]
        )
        depth = GaugeMetricFamily("finops_sdk_queue_depth", "Events in the in-memory queue", labels=["sink"])
        totals: dict[str, dict[str, float]] = {}
        for tracker in list(self.trackers):
            s = tracker.stats()
            t = totals.setdefault(
                s["sink"],
                {"up": 1.0, "state": 0.0, "tracked": 0, "delivered": 0, "dead": 0, "backlog": 0, "depth": 0},
            )
            healthy = s["circuit_state"] == CLOSED and s["last_error"] is None
            t["up"] = min(t["up"], 1.0 if healthy else 0.0)
            t["state"] = max(t["state"], STATE_CODES[s["circuit_state"]])
            t["tracked"] += s["tracked"]
            t["delivered"] += s["delivered"]
            t["dead"] += s["dead_lettered"]
            t["backlog"] += s["spool_backlog_bytes"]
            t["depth"] += s["queue_depth"]
        for sink, t in sorted(totals.items()):
            up.add_metric([sink], t["up"])
            state.add_metric([sink], t["state"])
            tracked.add_metric([sink], t["tracked"])
            delivered.add_metric([sink], t["delivered"])
            dead.add_metric([sink], t["dead"])
            backlog.add_metric([sink], t["backlog"])
            depth.add_metric([sink], t["depth"])
        yield from (up, state, tracked, delivered, dead, backlog, depth)


class SdkMetrics:
    """The SDK's metric families in one registry; pass it to :class:`CostTracker` and trackers."""

    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.tokens = Counter(
            "llm_tokens", "Tokens processed", ["model", "direction", "tenant_id"], registry=r
        )
        self.cost = Counter("llm_cost_usd", "Cost of LLM calls in USD", ["model", "tenant_id"], registry=r)
        self.budget_remaining = Gauge(
            "budget_remaining_usd", "Remaining daily budget in USD", ["tenant_id"], registry=r
        )
        self.budget_reset = Gauge(
            "budget_daily_reset_time",
            "Unix time of the next daily budget reset (00:00 UTC)",
            ["tenant_id"],
            registry=r,
        )
        self.fallbacks = Counter(
            "llm_fallback",
            "Calls served by the fallback model",
            ["tenant_id", "requested_model", "model"],
            registry=r,
        )
        self.rejected = Counter(
            "llm_budget_rejected", "Calls refused by the budget", ["tenant_id", "model"], registry=r
        )
        self.alerts = Counter("budget_alerts", "Budget alerts raised", ["tenant_id", "level"], registry=r)
        self._health = _TrackerHealth()
        r.register(self._health)

    def watch(self, tracker: Tracker) -> Tracker:
        """Export this tracker's sink health (read at scrape time)."""
        self._health.trackers.add(tracker)
        return tracker

    def render(self) -> str:
        """The registry in the Prometheus text exposition format."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry).decode()


def start_metrics_server(metrics: SdkMetrics, port: int, addr: str = "127.0.0.1") -> Any:
    """Serve ``/metrics`` on ``addr:port`` in a daemon thread; returns the server (``.shutdown()``)."""
    server, _thread = start_http_server(port, addr=addr, registry=metrics.registry)
    return server
