"""Every script in examples/ runs offline against the local fake provider and says what it showed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# what each example must print (regular expressions, in any order)
EXPECTED = {
    "basic_tracking": [
        r"Tracked call: [0-9a-f]{32}",
        r"computed cost: \$0\.003375",
        r"reported cost: \$0\.013500",
    ],
    "metadata_builder": [r"rejected: metadata is missing feature_id", r"warning: customer_id='0001'"],
    "openai_integration": [
        r"tracked gpt-4o-2024-08-06: in=10 \(cache read 4\) out=9",
        r"gpt-4o-mini: .*usage=reported",
    ],
    "anthropic_integration": [
        r"tracked claude-sonnet-4-5: input=\d+ \(read 3, write 2\)",
        r"message_start \.\.\.",
    ],
    "context_manager": [r"status=error\s+error=rate_limit", r"task=summarize"],
    "opentelemetry_integration": [r"same trace=True", r"from the live processor and the file: True"],
    "resilience": [r"circuit: open", r"circuit=closed", r"all tracked ones exactly once: True"],
    "async_tracking": [r"8 concurrent requests answered", r"landed 1008 calls"],
    "query_patterns": [r"unprofitable: cust_0001 \(starter\)", r"found 1 unprofitable customers"],
    "budget_chat_endpoint": [
        r"served by gpt-4\.1-nano",
        r"402 budget_exceeded",
        r"'primary_model': 'gpt-4\.1'",
    ],
    "tenant_budgets": [
        r"\$32\.85/day",
        r"3 calls, \$0\.0900 spent",
        r"after 00:00 UTC: 2026-03-02 spent \$0\.00",
    ],
    "custom_pricing": [r"custom-model: 1M in \+ 100k out = \$24\.0000", r"unknown model: model 'gpt-4-0'"],
    "batch_and_streaming": [
        r"batch of 4: 24 input \+ 36 output tokens on gpt-4\.1-mini",
        r"streamed 53 characters",
    ],
    "multi_model_routing": [
        r"wanted o3\s+served gpt-4\.1-mini  <- budget fallback",
        r"fallback calls today: 4 of 6",
    ],
    "prometheus_metrics": [
        r"llm_tokens_total\{direction=input,model=gpt-4o,tenant_id=org_acme\} 300000",
        r"budget_remaining_usd\{tenant_id=org_acme\}",
        r"finops_sdk_sink_up\{sink=file\} 1",
    ],
}


def test_every_example_is_covered():
    scripts = {p.stem for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")}
    assert scripts == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_and_prints_its_result(name, tmp_path):
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,  # examples must not depend on the working directory
    )
    assert out.returncode == 0, out.stderr[-3000:]
    for pattern in EXPECTED[name]:
        assert re.search(pattern, out.stdout), f"{name}: {pattern!r} not in output:\n{out.stdout}"
    assert "Traceback" not in out.stderr
