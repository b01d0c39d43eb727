"""Budget-enforcing cost tracker (seed 004): ``async with tracker.track_tokens(...) as usage``.

Before the call the tenant's budget is checked and the estimated cost reserved
(:class:`BudgetStore`); ``usage.model`` says which model to call: the requested one, or the
configured cheaper fallback when the requested one would exceed the day's budget (the
fallback's own cost is checked too; if it does not fit either, :class:`BudgetExceededError`
is raised before any money is spent). The body sets the actual counts
(``usage["input_tokens"] = ...``); on exit the reservation is replaced by the actual cost,
Prometheus counters move, and, when a :class:`Tracker` is attached, a call event is recorded
with ``requested_model`` for fallback calls. SQLite work runs in a worker thread so the event
loop never blocks on the database lock.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finops_sdk._budget import BudgetStore, Reservation, Settlement, next_reset, utc_now
from finops_sdk._calls import current_metadata
from finops_sdk._env import load_settings
from finops_sdk._exceptions import BudgetExceededError, FinOpsError
from finops_sdk._metrics import SdkMetrics
from finops_sdk._pricing import CostCalculator

if TYPE_CHECKING:
    from finops_sdk._tracker import Tracker

log = logging.getLogger("finops_sdk.budget")


class TokenUsage(dict):
    """What the body of ``track_tokens`` reads and fills (a dict, as in seed 004).

    Keys: ``model`` (call this one), ``requested_model``, ``fallback``, ``estimated_cost_usd``,
    and the counts to fill: ``input_tokens``, ``output_tokens``, ``cache_read_tokens``,
    ``cache_creation_tokens``; optionally ``cost_usd`` (a reported cost).
    """

    @property
    def model(self) -> str:
        return self["model"]

    @property
    def fallback(self) -> bool:
        return self["fallback"]


class CostTracker:
    """Daily budgets per tenant, fallback to a cheaper model, tenant stats, Prometheus metrics."""

    def __init__(
        self,
        db_path: str | Path | None = None,
        *,
        calculator: CostCalculator | None = None,
        tracker: Tracker | None = None,
        metrics: SdkMetrics | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.cost_calculator = calculator or CostCalculator()
        self.budget_enforcer = BudgetStore(
            db_path or load_settings().budget_db, self.cost_calculator, clock=clock
        )
        self.tracker = tracker
        self.metrics = metrics or SdkMetrics()
        self.clock = clock

    # -- budgets ---------------------------------------------------------------------------------
    def set_monthly_budget(self, tenant_id: str, monthly_usd: float, **options: Any) -> float:
        """Daily budget = monthly ÷ 30.44; returns it. Options: enforcement, fallback_model, ..."""
        budget = self.budget_enforcer.set_budget(tenant_id, monthly_usd=monthly_usd, **options)
        self._publish_budget(tenant_id)
        return budget.daily_budget_usd

    def set_daily_budget(self, tenant_id: str, daily_usd: float, **options: Any) -> float:
        budget = self.budget_enforcer.set_budget(tenant_id, daily_usd=daily_usd, **options)
        self._publish_budget(tenant_id)
        return budget.daily_budget_usd

    def _publish_budget(self, tenant_id: str) -> None:
        stats = self.budget_enforcer.tenant_stats(tenant_id)
        if stats["remaining_budget_usd"] is not None:
            self.metrics.budget_remaining.labels(tenant_id).set(stats["remaining_budget_usd"])
        self.metrics.budget_reset.labels(tenant_id).set(next_reset(self.clock()).timestamp())

    # -- the call ---------------------------------------------------------------------------------
    def _begin(
        self,
        tenant_id: str,
        model: str,
        provider: str | None,
        expected_in: int,
        expected_out: int,
        metadata: Mapping[str, Any] | None = None,
    ) -> Reservation:
        try:
            return self.budget_enforcer.reserve(tenant_id, model, provider, expected_in, expected_out)
        except BudgetExceededError as exc:
            self.metrics.rejected.labels(tenant_id, model).inc()
            if self.tracker is not None:  # a refused call is still a call: budget_exceeded, 402 (§2.2)
                md = dict(current_metadata(metadata) or {})
                md.setdefault("organization_id", tenant_id)
                try:
                    self.tracker.track_call(
                        provider=provider or "unknown",
                        model=model,
                        status="error",
                        error_type=exc.error_type,
                        http_status=exc.http_status,
                        latency_ms=0.0,
                        metadata=md,
                    )
                except FinOpsError as err:
                    log.error("finops-sdk: refused call of tenant %s not tracked: %s", tenant_id, err)
            raise

    def _end(
        self,
        reservation: Reservation,
        usage: TokenUsage,
        started: float,
        metadata: Mapping[str, Any] | None,
        exc: BaseException | None,
    ) -> Settlement | None:
        counts = (
            usage["input_tokens"],
            usage["output_tokens"],
            usage["cache_read_tokens"],
            usage["cache_creation_tokens"],
        )
        if exc is not None and not any(counts):
            self.budget_enforcer.release(reservation)
            return None
        model = usage["model"]
        settled = self.budget_enforcer.settle(reservation, model, *counts, cost_usd=usage.get("cost_usd"))
        tenant = reservation.tenant_id
        m = self.metrics
        m.tokens.labels(model, "input", tenant).inc(counts[0])
        m.tokens.labels(model, "output", tenant).inc(counts[1])
        m.cost.labels(model, tenant).inc(settled.cost_usd)
        if settled.remaining_usd is not None:
            m.budget_remaining.labels(tenant).set(settled.remaining_usd)
        m.budget_reset.labels(tenant).set(next_reset(self.clock()).timestamp())
        if reservation.fallback:
            m.fallbacks.labels(tenant, reservation.requested_model, model).inc()
        for level in settled.alerts:
            m.alerts.labels(tenant, level).inc()
            log.warning(
                "finops-sdk: tenant %s budget %s: spent $%.4f today", tenant, level, settled.spent_usd
            )
        if self.tracker is not None:
            self._record(reservation, usage, counts, settled, started, metadata, exc)
        return settled

    def _record(
        self,
        reservation: Reservation,
        usage: TokenUsage,
        counts: tuple[int, int, int, int],
        settled: Settlement,
        started: float,
        metadata: Mapping[str, Any] | None,
        exc: BaseException | None,
    ) -> None:
        from finops_sdk._usage import classify_error

        md = dict(current_metadata(metadata) or {})
        md.setdefault("organization_id", reservation.tenant_id)
        outcome: dict[str, Any] = {"status": "success"}
        if exc is not None:
            error_type, http_status = classify_error(exc)
            outcome = {"status": "error", "error_type": error_type, "http_status": http_status}
        try:
            self.tracker.track_call(  # type: ignore[union-attr]
                provider=reservation.provider or "unknown",
                model=usage["model"],
                requested_model=reservation.requested_model if reservation.fallback else None,
                input_tokens=counts[0],
                output_tokens=counts[1],
                cache_read_tokens=counts[2],
                cache_creation_tokens=counts[3],
                latency_ms=(time.perf_counter() - started) * 1000,
                cost_usd=usage.get("cost_usd"),
                metadata=md,
                **outcome,
            )
        except FinOpsError as err:  # the provider call already happened: report, do not fail it
            log.error("finops-sdk: budgeted call of tenant %s not tracked: %s", reservation.tenant_id, err)

    @staticmethod
    def _usage(reservation: Reservation) -> TokenUsage:
        return TokenUsage(
            model=reservation.model,
            requested_model=reservation.requested_model,
            fallback=reservation.fallback,
            estimated_cost_usd=reservation.estimated_cost_usd,
            input_tokens=0,
            output_tokens=0,
            cache_read_tokens=0,
            cache_creation_tokens=0,
        )

    @asynccontextmanager
    async def track_tokens(
        self,
        tenant_id: str,
        model: str,
        expected_input_tokens: int = 0,
        expected_output_tokens: int = 0,
        *,
        provider: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[TokenUsage]:
        """Async form; raises :class:`BudgetExceededError` before the call when nothing fits.

        Leave ``expected_output_tokens`` at 0 when unknown: the tenant's average output per call
        of the model is used for the pre-call estimate.
        """
        reservation = await asyncio.to_thread(
            self._begin, tenant_id, model, provider, expected_input_tokens, expected_output_tokens, metadata
        )
        usage = self._usage(reservation)
        started = time.perf_counter()
        try:
            yield usage
        except BaseException as exc:
            await asyncio.shield(asyncio.to_thread(self._end, reservation, usage, started, metadata, exc))
            raise
        await asyncio.to_thread(self._end, reservation, usage, started, metadata, None)

    @contextmanager
    def track_tokens_sync(
        self,
        tenant_id: str,
        model: str,
        expected_input_tokens: int = 0,
        expected_output_tokens: int = 0,
        *,
        provider: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Iterator[TokenUsage]:
        """The same for threads and synchronous code."""
        reservation = self._begin(
            tenant_id, model, provider, expected_input_tokens, expected_output_tokens, metadata
        )
        usage = self._usage(reservation)
        started = time.perf_counter()
        try:
            yield usage
        except BaseException as exc:
            self._end(reservation, usage, started, metadata, exc)
            raise
        self._end(reservation, usage, started, metadata, None)

    # -- stats -----------------------------------------------------------------------------------
    def tenant_stats(self, tenant_id: str) -> dict[str, Any]:
        return self.budget_enforcer.tenant_stats(tenant_id)

    async def get_tenant_stats(self, tenant_id: str) -> dict[str, Any]:
        return await asyncio.to_thread(self.budget_enforcer.tenant_stats, tenant_id)

    def usage_stats(self, tenant_id: str) -> dict[str, Any]:
        """The usage-statistics answer of catalogue §8 (``GET /api/v1/usage/stats``) for a tenant."""
        s = self.tenant_stats(tenant_id)
        return {
            "current_usage": {
                "tokens_by_model": s["total_tokens_by_model"],
                "cost_today_usd": s["daily_cost_usd"],
                "budget_remaining_usd": s["remaining_budget_usd"],
                "budget_utilization_percent": s["budget_utilization_pct"],
            },
            "model_info": {"primary_model": s["primary_model"], "fallback_model": s["fallback_model"]},
        }
