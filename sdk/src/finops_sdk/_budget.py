"""Per-tenant daily budgets kept in SQLite, safe across threads, asyncio tasks and processes.

Rules (catalogue §8, seed 004): daily budget = monthly ÷ ``days_per_month`` (30.44, from the
thresholds seed); budget days are UTC dates, so the budget resets at 00:00 UTC; spent = Σ
cost of the tenant's calls that day; remaining = max(0, daily − spent); utilization = spent ÷
daily × 100; no budget → remaining and utilization are None, never infinity or 0.

Before a call, :meth:`BudgetStore.reserve` checks in one ``BEGIN IMMEDIATE`` transaction
whether spent + outstanding reservations + the call's estimated cost fit the budget, and
reserves that estimate (or the fallback model's, or refuses). After the call,
:meth:`BudgetStore.settle` replaces the reservation with the actual cost. Because every
check-and-reserve is serialised by SQLite's write lock, concurrent callers in any number of
threads or processes cannot jointly overshoot on their estimates: the only overshoot left is
what the calls in flight at the last acceptance cost beyond their estimates (none when the
estimates are right; one call's error when calls do not overlap). Reservations older than
``stale_after_s`` (a process that died mid-call) are swept.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from finops_sdk._exceptions import BudgetExceededError, ConfigurationError
from finops_sdk._pricing import CostCalculator
from finops_sdk._reference import threshold

ENFORCEMENTS = ("alert_only", "fallback", "block")
_SCHEMA = """
create table if not exists budgets (
    tenant_id text primary key,
    daily_budget_usd real not null,
    monthly_budget_usd real,
    enforcement text not null,
    fallback_model text,
    fallback_provider text
);
create table if not exists spend (
    tenant_id text not null, day text not null,
    spent_usd real not null default 0, calls integer not null default 0,
    fallback_calls integer not null default 0, rejected_calls integer not null default 0,
    warned_at text, exceeded_at text,
    primary key (tenant_id, day)
);
create table if not exists tokens (
    tenant_id text not null, day text not null, model text not null, direction text not null,
    tokens integer not null default 0, cost_usd real not null default 0,
    calls integer not null default 0,
    primary key (tenant_id, day, model, direction)
);
create table if not exists reservations (
    id text primary key, tenant_id text not null, day text not null,
    amount_usd real not null, created_at real not null
);
"""


def utc_now() -> datetime:
    return datetime.now(UTC)


def next_reset(now: datetime) -> datetime:
    """The next 00:00 UTC strictly after ``now``."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, dtime(0, 0), tzinfo=UTC)


@dataclass(frozen=True)
class Budget:
    tenant_id: str
    daily_budget_usd: float
    monthly_budget_usd: float | None
    enforcement: str
    fallback_model: str | None
    fallback_provider: str | None


@dataclass
class Reservation:
    """The decision taken before a call: which model to use and how much is reserved."""

    tenant_id: str
    day: str
    requested_model: str
    model: str
    provider: str | None
    estimated_cost_usd: float
    reservation_id: str | None
    fallback: bool
    budget: Budget | None
    alerts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Settlement:
    cost_usd: float
    spent_usd: float
    remaining_usd: float | None
    alerts: tuple[str, ...]


class BudgetStore:
    """The SQLite-backed budget state; one connection per thread and process."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        calculator: CostCalculator | None = None,
        clock: Callable[[], datetime] = utc_now,
        stale_after_s: float = 600.0,
    ):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.calculator = calculator or CostCalculator()
        self.clock = clock
        self.stale_after_s = stale_after_s
        self.days_per_month = threshold("days_per_month")
        self.warn_pct = threshold("budget_warn_pct")
        self.exceed_pct = threshold("budget_exceed_pct")
        self._local = threading.local()
        conn = self._conn()
        try:  # one write transaction, so processes creating the file at once do not collide
            conn.executescript("begin immediate;" + _SCHEMA + "commit;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("rollback")
            raise

    # -- connections & transactions --------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        held = getattr(self._local, "conn", None)
        if held is not None and held[0] == os.getpid():
            return held[1]
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=True)
        conn.execute("pragma journal_mode=wal")
        conn.execute("pragma synchronous=normal")
        conn.execute("pragma busy_timeout=30000")
        self._local.conn = (os.getpid(), conn)
        return conn

    class _Tx:
        def __init__(self, conn: sqlite3.Connection):
            self.conn = conn

        def __enter__(self) -> sqlite3.Connection:
            self.conn.execute("begin immediate")
            return self.conn

        def __exit__(self, exc_type: Any, *rest: Any) -> None:
            self.conn.execute("rollback" if exc_type else "commit")

    def _tx(self) -> BudgetStore._Tx:
        return BudgetStore._Tx(self._conn())

    # -- configuration ---------------------------------------------------------------------------
    def set_budget(
        self,
        tenant_id: str,
        *,
        daily_usd: float | None = None,
        monthly_usd: float | None = None,
        enforcement: str = "fallback",
        fallback_model: str | None = None,
        fallback_provider: str | None = None,
    ) -> Budget:
        """Give a tenant a budget: ``monthly_usd`` (daily = monthly ÷ 30.44) or ``daily_usd``."""
        if (daily_usd is None) == (monthly_usd is None):
            raise ConfigurationError("pass exactly one of daily_usd or monthly_usd")
        if enforcement not in ENFORCEMENTS:
            raise ConfigurationError(f"enforcement={enforcement!r}: use one of {', '.join(ENFORCEMENTS)}")
        daily = daily_usd if daily_usd is not None else monthly_usd / self.days_per_month  # type: ignore[operator]
        if not daily > 0:
            raise ConfigurationError(f"tenant {tenant_id!r}: the budget must be > 0")
        if fallback_model is not None:
            self.calculator.price_for(fallback_model, fallback_provider)  # unknown model → clear error now
        elif enforcement == "fallback":
            raise ConfigurationError(f"tenant {tenant_id!r}: enforcement 'fallback' needs a fallback_model")
        budget = Budget(tenant_id, daily, monthly_usd, enforcement, fallback_model, fallback_provider)
        with self._tx() as db:
            db.execute(
                "insert or replace into budgets values (?, ?, ?, ?, ?, ?)",
                (tenant_id, daily, monthly_usd, enforcement, fallback_model, fallback_provider),
            )
        return budget

    def budget(self, tenant_id: str) -> Budget | None:
        row = self._conn().execute("select * from budgets where tenant_id = ?", (tenant_id,)).fetchone()
        return Budget(*row) if row else None

    # -- the two steps of a call ---------------------------------------------------------------
    def estimate(self, model: str, provider: str | None, input_tokens: int, output_tokens: int) -> float:
        return self.calculator.calculate(model, input_tokens, output_tokens, provider=provider).usd or 0.0

    def reserve(
        self,
        tenant_id: str,
        model: str,
        provider: str | None,
        expected_input: int,
        expected_output: int,
    ) -> Reservation:
        """Check the budget and reserve the call's estimated cost (fallback model if needed).

        ``expected_output=0`` (seed 004 passes only the expected input) means "unknown": the
        tenant's average output per call of this model so far is used, so that the reservation
        is not systematically short by the output's cost while many calls are in flight.
        """
        now = self.clock()
        day = now.astimezone(UTC).date().isoformat()
        if expected_output <= 0:
            expected_output = self.typical_output_tokens(tenant_id, model)
        estimate = self.estimate(model, provider, expected_input, expected_output)
        with self._tx() as db:
            row = db.execute("select * from budgets where tenant_id = ?", (tenant_id,)).fetchone()
            budget = Budget(*row) if row else None
            if budget is None:
                return Reservation(tenant_id, day, model, model, provider, estimate, None, False, None)
            db.execute("delete from reservations where created_at < ?", (time.time() - self.stale_after_s,))
            spent = self._spent(db, tenant_id, day)
            reserved = db.execute(
                "select coalesce(sum(amount_usd), 0) from reservations where tenant_id = ? and day = ?",
                (tenant_id, day),
            ).fetchone()[0]
            remaining = budget.daily_budget_usd - spent - reserved
            refusal: BudgetExceededError | None = None
            chosen, chosen_provider, cost, fallback = model, provider, estimate, False
            if estimate > remaining and budget.enforcement != "alert_only":
                if (
                    budget.enforcement == "fallback"
                    and budget.fallback_model
                    and budget.fallback_model != model
                ):
                    fb_cost = self.estimate(
                        budget.fallback_model,
                        budget.fallback_provider,
                        expected_input,
                        expected_output,
                    )
                    if fb_cost <= remaining:
                        chosen, chosen_provider, cost, fallback = (
                            budget.fallback_model,
                            budget.fallback_provider,
                            fb_cost,
                            True,
                        )
                if not fallback:
                    # counted in this transaction, raised after it commits (raising inside would
                    # roll the count back)
                    self._ensure_day(db, tenant_id, day)
                    db.execute(
                        "update spend set rejected_calls = rejected_calls + 1 "
                        "where tenant_id = ? and day = ?",
                        (tenant_id, day),
                    )
                    refusal = BudgetExceededError(tenant_id, model, estimate, max(0.0, remaining))
            if refusal is None:
                rid = uuid.uuid4().hex
                db.execute(
                    "insert into reservations values (?, ?, ?, ?, ?)",
                    (rid, tenant_id, day, cost, time.time()),
                )
        if refusal is not None:
            raise refusal
        return Reservation(tenant_id, day, model, chosen, chosen_provider, cost, rid, fallback, budget)

    def typical_output_tokens(self, tenant_id: str, model: str) -> int:
        """Average output tokens per settled call of this tenant and model (0 without history)."""
        tokens, calls = self._conn().execute(
            "select coalesce(sum(case when direction = 'output' then tokens end), 0), "
            "coalesce(sum(calls), 0) from tokens where tenant_id = ? and model = ?",
            (tenant_id, model),
        ).fetchone()
        return round(tokens / calls) if calls else 0

    def settle(
        self,
        reservation: Reservation,
        model: str,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_creation_tokens: int = 0,
        cost_usd: float | None = None,
    ) -> Settlement:
        """Replace the reservation by the call's actual cost and token counts; raise alerts."""
        if cost_usd is None:
            cost_usd = (
                self.calculator.calculate(
                    model,
                    input_tokens,
                    output_tokens,
                    cache_read_tokens,
                    cache_creation_tokens,
                    provider=reservation.provider,
                    on_unknown="flag",
                ).usd
                or 0.0
            )
        tenant, day = reservation.tenant_id, reservation.day
        alerts: list[str] = []
        with self._tx() as db:
            if reservation.reservation_id:
                db.execute("delete from reservations where id = ?", (reservation.reservation_id,))
            self._ensure_day(db, tenant, day)
            db.execute(
                "update spend set spent_usd = spent_usd + ?, calls = calls + 1, "
                "fallback_calls = fallback_calls + ? where tenant_id = ? and day = ?",
                (cost_usd, int(reservation.fallback), tenant, day),
            )
            split = self._split_cost(
                model,
                reservation.provider,
                input_tokens,
                output_tokens,
                cache_read_tokens,
                cache_creation_tokens,
                cost_usd,
            )
            for direction, tokens, share in (
                ("input", input_tokens, split[0]),
                ("output", output_tokens, split[1]),
            ):
                db.execute(
                    "insert into tokens values (?, ?, ?, ?, ?, ?, ?) "
                    "on conflict (tenant_id, day, model, direction) do update set "
                    "tokens = tokens + excluded.tokens, cost_usd = cost_usd + excluded.cost_usd, "
                    "calls = calls + excluded.calls",
                    (tenant, day, model, direction, tokens, share, int(direction == "input")),
                )
            spent = self._spent(db, tenant, day)
            budget = reservation.budget
            remaining = None
            if budget is not None:
                remaining = max(0.0, budget.daily_budget_usd - spent)
                utilization = spent / budget.daily_budget_usd * 100
                stamp = self.clock().isoformat()
                warned, exceeded = db.execute(
                    "select warned_at, exceeded_at from spend where tenant_id = ? and day = ?",
                    (tenant, day),
                ).fetchone()
                if utilization >= self.warn_pct and warned is None:
                    db.execute(
                        "update spend set warned_at = ? where tenant_id = ? and day = ?",
                        (stamp, tenant, day),
                    )
                    alerts.append("warning")
                if utilization >= self.exceed_pct and exceeded is None:
                    db.execute(
                        "update spend set exceeded_at = ? where tenant_id = ? and day = ?",
                        (stamp, tenant, day),
                    )
                    alerts.append("exceeded")
        return Settlement(cost_usd, spent, remaining, tuple(alerts))

    def _split_cost(
        self,
        model: str,
        provider: str | None,
        inp: int,
        out: int,
        read: int,
        creation: int,
        total: float,
    ) -> tuple[float, float]:
        """Share of the cost due to input and to output tokens (list prices), summing to ``total``."""
        try:
            price = self.calculator.price_for(model, provider)
        except KeyError:
            return total, 0.0
        out_part = price.cost(0, out)
        list_total = price.cost(inp, out, read, creation)
        if list_total <= 0:
            return total, 0.0
        out_share = total * out_part / list_total
        return total - out_share, out_share

    def release(self, reservation: Reservation) -> None:
        """Drop a reservation without charging (the call never reached the provider)."""
        if reservation.reservation_id:
            with self._tx() as db:
                db.execute("delete from reservations where id = ?", (reservation.reservation_id,))

    # -- reading -----------------------------------------------------------------------------------
    @staticmethod
    def _ensure_day(db: sqlite3.Connection, tenant: str, day: str) -> None:
        db.execute("insert or ignore into spend (tenant_id, day) values (?, ?)", (tenant, day))

    @staticmethod
    def _spent(db: sqlite3.Connection, tenant: str, day: str) -> float:
        row = db.execute(
            "select spent_usd from spend where tenant_id = ? and day = ?", (tenant, day)
        ).fetchone()
        return row[0] if row else 0.0

    def tenant_stats(self, tenant_id: str, on: date | None = None) -> dict[str, Any]:
        """Today's (UTC) figures of a tenant, in the usage-statistics shape of catalogue §8."""
        now = self.clock()
        day = (on or now.astimezone(UTC).date()).isoformat()
        db = self._conn()
        budget = self.budget(tenant_id)
        row = db.execute(
            "select spent_usd, calls, fallback_calls, rejected_calls from spend "
            "where tenant_id = ? and day = ?",
            (tenant_id, day),
        ).fetchone() or (0.0, 0, 0, 0)
        tokens: dict[str, int] = {}
        calls_by_model: dict[str, int] = {}
        for model, count, calls in db.execute(
            "select model, sum(tokens), sum(calls) from tokens where tenant_id = ? and day = ? "
            "group by model order by model",
            (tenant_id, day),
        ):
            tokens[model] = int(count)
            calls_by_model[model] = int(calls)
        spent = float(row[0])
        daily = budget.daily_budget_usd if budget else None
        return {
            "tenant_id": tenant_id,
            "date": day,
            "total_tokens_by_model": tokens,
            "calls_by_model": calls_by_model,
            # the most-called model today (ties: name), catalogue §8 usage statistics
            "primary_model": min(calls_by_model, key=lambda m: (-calls_by_model[m], m))
            if calls_by_model
            else None,
            "daily_cost_usd": spent,
            "daily_budget_usd": daily,
            "remaining_budget_usd": max(0.0, daily - spent) if daily else None,
            "budget_utilization_pct": spent / daily * 100 if daily else None,
            "calls": int(row[1]),
            "fallback_calls": int(row[2]),
            "rejected_calls": int(row[3]),
            "fallback_model": budget.fallback_model if budget else None,
            "enforcement": budget.enforcement if budget else None,
            "next_reset_at": next_reset(now).isoformat().replace("+00:00", "Z"),
        }

    def tenants(self) -> list[str]:
        return [r[0] for r in self._conn().execute("select tenant_id from budgets order by tenant_id")]
