"""The SDK's exceptions, all in one tree so callers can catch as broadly as they like.

::

    FinOpsError                      base class of everything the SDK raises on purpose
    ├── ConfigurationError           a setting or argument is missing or malformed (say which)
    ├── ReferenceDataError           a reference seed (price book, call schema, thresholds) is
    │                                missing or malformed
    ├── ValidationError (ValueError) a call record or metadata breaks the call-record contract
    │                                (catalogue §2.1): negative tokens, cache > input, missing
    │                                customer_id / feature_id / environment, ...
    ├── PricingError
    │   └── UnknownModelError        the model is not in the price book and has no override;
    │                                the cost is never silently $0
    ├── BudgetError
    │   └── BudgetExceededError      the call (and its fallback) would exceed the tenant's daily
    │                                budget under ``block``/``fallback`` enforcement (HTTP 402)
    └── SinkError                    a delivery attempt failed and may be retried
        └── PermanentSinkError       the sink rejected the batch (4xx other than 408/429); it is
                                     moved to the dead-letter folder, never retried

Delivery errors never reach the application thread: the background worker handles them
(retry, circuit breaker, spool). Only construction and validation errors are raised to callers.
"""

from __future__ import annotations


class FinOpsError(Exception):
    """Base class of every error the SDK raises on purpose."""


class ConfigurationError(FinOpsError):
    """A setting or argument is missing or malformed."""


class ReferenceDataError(FinOpsError):
    """A reference seed is missing or malformed."""


class ValidationError(FinOpsError, ValueError):
    """A call record or its metadata breaks the call-record contract."""


class PricingError(FinOpsError):
    """A cost cannot be computed."""


class UnknownModelError(PricingError, KeyError):
    """The model has no price-book row and no override."""

    def __init__(self, model: str, provider: str | None = None, suggestions: tuple[str, ...] = ()):
        self.model = model
        self.provider = provider
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        where = f" (provider {provider})" if provider else ""
        super().__init__(
            f"model {model!r}{where} is not in the price book.{hint} Add a row to "
            "dbt_project/seeds/price_book.csv or pass a price override "
            "(CostCalculator(overrides={...}))."
        )

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


class BudgetError(FinOpsError):
    """Budget enforcement problem."""


class BudgetExceededError(BudgetError):
    """The call would exceed the tenant's daily budget and no affordable fallback exists."""

    http_status = 402
    error_type = "budget_exceeded"

    def __init__(self, tenant_id: str, model: str, estimated_cost_usd: float, remaining_usd: float):
        self.tenant_id = tenant_id
        self.model = model
        self.estimated_cost_usd = estimated_cost_usd
        self.remaining_usd = remaining_usd
        super().__init__(
            f"tenant {tenant_id!r}: a {model} call estimated at ${estimated_cost_usd:.6f} exceeds the "
            f"remaining daily budget ${remaining_usd:.6f}; raise the budget, configure a cheaper "
            "fallback model, or wait for the 00:00 UTC reset"
        )


class SinkError(FinOpsError):
    """A delivery attempt failed; the batch stays in the spool and is retried."""


class PermanentSinkError(SinkError):
    """The sink rejected the batch; it goes to the dead-letter folder."""
