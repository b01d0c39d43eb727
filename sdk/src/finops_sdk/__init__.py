"""finops_sdk: feed real LLM traffic to the AI FinOps platform.

Public API (everything else lives in private ``_modules`` and may change)::

    from finops_sdk import Tracker, MetadataBuilder
    tracker = Tracker("file", landing_dir="data/landing")
    md = MetadataBuilder().customer("cust_0001").feature("chat").environment("production").build()
    call_id = tracker.track_call(provider="openai", model="gpt-4o", input_tokens=150,
                                 output_tokens=300, latency_ms=1250, metadata=md)
"""

from finops_sdk._calls import CallTimer, current_metadata, use_metadata
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
from finops_sdk._pricing import Cost, CostCalculator, Price
from finops_sdk._resilience import CircuitBreaker, RetryPolicy
from finops_sdk._sinks import FileSink, HttpSink, Sink
from finops_sdk._tracker import Tracker
from finops_sdk._usage import Usage, classify_error, extract_usage

__version__ = "0.1.0"

__all__ = [
    "BudgetError",
    "BudgetExceededError",
    "CallTimer",
    "CircuitBreaker",
    "ConfigurationError",
    "Cost",
    "CostCalculator",
    "FileSink",
    "FinOpsError",
    "HttpSink",
    "Metadata",
    "MetadataBuilder",
    "MetadataWarning",
    "PermanentSinkError",
    "Price",
    "PricingError",
    "ReferenceDataError",
    "RetryPolicy",
    "Sink",
    "SinkError",
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
    "use_metadata",
]
