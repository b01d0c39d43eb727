"""finops_sdk: feed real LLM traffic to the AI FinOps platform.

Public API (everything else lives in private ``_modules`` and may change)::

    from finops_sdk import Tracker, MetadataBuilder
    tracker = Tracker("file", landing_dir="data/landing")
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    call_id = tracker.track_call(provider="openai", model="gpt-4o", input_tokens=150,
                                 output_tokens=300, latency_ms=1250, metadata=md)
"""

from finops_sdk._budget import Budget, BudgetStore
from finops_sdk._calls import CallTimer, current_metadata, use_metadata
from finops_sdk._cost_tracker import CostTracker, TokenUsage
from finops_sdk._exceptions import (
    BudgetError,
    BudgetExceededError,
    ConfigurationError,
    FinOpsError,
    PermanentSinkError,
    PricingError,
    ReferenceDataError,
    SinkError,
    UnknownModelError,
    ValidationError,
)
from finops_sdk._integrations import instrument_anthropic, instrument_openai
from finops_sdk._metadata import Metadata, MetadataBuilder, MetadataWarning
from finops_sdk._metrics import SdkMetrics, start_metrics_server
from finops_sdk._otlp import OtlpLoadResult, load_otlp_file
from finops_sdk._pricing import Cost, CostCalculator, Price
from finops_sdk._resilience import CircuitBreaker, RetryPolicy
from finops_sdk._sinks import FileSink, HttpSink, Sink
from finops_sdk._tracker import Tracker
from finops_sdk._usage import Usage, classify_error, extract_usage

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # The span processor needs the optional ``otel`` extra; import it only when asked for.
    if name == "FinOpsSpanProcessor":
        from finops_sdk._otel import FinOpsSpanProcessor

        return FinOpsSpanProcessor
    raise AttributeError(f"module 'finops_sdk' has no attribute {name!r}")


__all__ = [
    "Budget",
    "BudgetError",
    "BudgetExceededError",
    "BudgetStore",
    "CallTimer",
    "CircuitBreaker",
    "ConfigurationError",
    "Cost",
    "CostCalculator",
    "CostTracker",
    "FileSink",
    "FinOpsError",
    "FinOpsSpanProcessor",
    "HttpSink",
    "Metadata",
    "MetadataBuilder",
    "MetadataWarning",
    "OtlpLoadResult",
    "PermanentSinkError",
    "Price",
    "PricingError",
    "ReferenceDataError",
    "RetryPolicy",
    "SdkMetrics",
    "Sink",
    "SinkError",
    "TokenUsage",
    "Tracker",
    "UnknownModelError",
    "Usage",
    "ValidationError",
    "__version__",
    "classify_error",
    "current_metadata",
    "extract_usage",
    "instrument_anthropic",
    "instrument_openai",
    "load_otlp_file",
    "start_metrics_server",
    "use_metadata",
]
