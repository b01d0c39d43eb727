"""Schemathesis against the app's own OpenAPI schema with a valid key: no input yields a 5xx.

Every operation of ``/openapi.json`` gets a bounded number of generated cases (positive and
negative), so the whole run stays well under two minutes on the shared machine.
"""

from __future__ import annotations

import schemathesis
from conftest import Served
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 15


def test_no_input_yields_a_server_error(served: Served) -> None:
    schema = schemathesis.openapi.from_url(f"{served.base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14
    failures: list[str] = []
    statuses: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(base_url=served.base, headers={"X-API-Key": served.key_a}, timeout=30)
            statuses.add(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} -> "
                    f"{response.status_code} {response.text[:300]}"
                )

        run()
    assert not failures, "\n".join(failures[:10])
    assert any(200 <= s < 300 for s in statuses) and any(400 <= s < 500 for s in statuses)
