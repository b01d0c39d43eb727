"""The package's surface: curated __all__, private modules, no Airflow, one env module, one error tree."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import finops_sdk
from finops_sdk import _exceptions

PACKAGE = Path(finops_sdk.__file__).parent

EXPECTED_ALL = [
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


def test_all_is_pinned_and_resolves():
    assert finops_sdk.__all__ == EXPECTED_ALL
    for name in finops_sdk.__all__:
        assert getattr(finops_sdk, name) is not None


def test_implementation_modules_are_private():
    public = [p.name for p in PACKAGE.glob("*.py") if not p.name.startswith("_")]
    assert public == []
    testing = [p.name for p in (PACKAGE / "testing").glob("*.py") if not p.name.startswith("_")]
    assert testing == []


def test_import_needs_no_airflow_no_provider_sdk_no_otel():
    code = (
        "import sys, finops_sdk\n"
        "heavy = ('airflow', 'openai', 'anthropic', 'opentelemetry', 'include')\n"
        "bad = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == ""


def test_package_metadata_declares_no_airflow_and_optional_extras():
    import tomllib

    meta = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["project"]
    assert meta["name"] == "finops-sdk"
    assert not any("airflow" in d or "cosmos" in d or "dbt" in d for d in meta["dependencies"])
    assert {"otel", "openai", "anthropic"} <= set(meta["optional-dependencies"])


def _environ_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            names.append(path.name)
    return names


def test_only_env_module_reads_the_environment_and_documents_every_variable():
    readers = {name for p in PACKAGE.rglob("*.py") for name in _environ_reads(p)}
    assert readers <= {"_env.py", "_reference.py"}  # _reference: the seeds folder override only
    source = (PACKAGE / "_env.py").read_text() + (PACKAGE / "_reference.py").read_text()
    doc = finops_sdk._env.__doc__
    import re

    used = set(re.findall(r'"((?:FINOPS|XDG)_[A-Z_]+)"', source))
    assert used, "no variables found"
    for name in used - {"XDG_STATE_HOME"}:
        assert f"``{name}``" in doc, f"{name} is read but not documented in finops_sdk._env"


def test_exception_tree_is_documented_in_one_docstring():
    doc = _exceptions.__doc__
    classes = [c for c in vars(_exceptions).values() if isinstance(c, type) and issubclass(c, Exception)]
    own = [c for c in classes if c.__module__ == _exceptions.__name__]
    assert len(own) >= 9
    for cls in own:
        assert cls.__name__ in doc
        assert issubclass(cls, finops_sdk.FinOpsError)
    assert issubclass(finops_sdk.ValidationError, ValueError)
    assert issubclass(finops_sdk.UnknownModelError, finops_sdk.PricingError)
    assert issubclass(finops_sdk.PermanentSinkError, finops_sdk.SinkError)
