"""Build a real report site from a small simulated warehouse with hostile names planted in it.

The chain is the product's own: the simulator lands Parquet batches, the loader loads them into
``raw.*``, one customer id and one feature id are then rewritten to markup (as an imported CSV
could carry), ``dbt build`` builds every model into a private warehouse and target path, and
:func:`reports.site.build_site` renders the site, after the dbt docs. Page and browser tests
share one build per session (about two minutes on two cores).

Other analyses are written in the same tree at the same time, so a model that fails to build
does not stop the site: its pages are left out, exactly as the product does with missing marts.
The failures are kept in :attr:`BuiltSite.dbt_failures` and the tests require the pages of the
committed analyses to be there.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from include.loading.api import load_files
from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from include.warehouse import connect_write
from reports.docs import generate_dbt_docs
from reports.site import build_site
from simulator.api import SimulationParams, run_simulation

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
ATTRIBUTE_PAYLOAD = '"><img src=x onerror=alert(1)>'
ROWS = 3000
WINDOW_END = datetime(2026, 1, 15, tzinfo=UTC)
DBT_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class BuiltSite:
    site: Path
    warehouse: Path
    target: Path
    hostile_customer: str  # the customer id that was replaced by SCRIPT_PAYLOAD
    hostile_feature: str  # the feature id that was replaced by ATTRIBUTE_PAYLOAD
    dbt_failures: tuple[str, ...]  # nodes dbt could not build (their pages are left out)
    docs_error: str | None  # why `dbt docs generate` failed, None when the docs were generated


def _plant_hostile_names(warehouse: Path) -> tuple[str, str]:
    """Rename the costliest customer and the busiest feature to markup, so they show on the ranked
    pages (the understanding page lists customers by cost, and the most calls need not cost most)."""
    with connect_write(warehouse) as con:
        customer = con.execute(
            "select customer_id from raw.calls group by 1 order by sum(cost_usd) desc, 1 limit 1"
        ).fetchall()[0][0]
        feature = con.execute(
            "select feature_id from raw.calls group by 1 order by count(*) desc, 1 limit 1"
        ).fetchall()[0][0]
        con.execute("update raw.calls set customer_id = ? where customer_id = ?", [SCRIPT_PAYLOAD, customer])
        con.execute("update raw.calls set feature_id = ? where feature_id = ?", [ATTRIBUTE_PAYLOAD, feature])
    return customer, feature


def dbt_build_models(warehouse: Path, target: Path) -> tuple[str, ...]:
    """``dbt build`` of every seed and model (data and unit tests run in tests/dbt, not here).

    Returns the unique ids of the nodes that failed; raises when dbt produced no results at all.
    """
    env = {**os.environ, "FINOPS_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        str(PROJECT_ROOT / ".venv" / "bin" / "dbt"), "build",
        "--exclude-resource-type", "test", "unit_test",
        "--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target), "--log-path", str(target / "logs"),
    ]  # fmt: skip
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=DBT_TIMEOUT_SECONDS, check=False
    )
    results = target / "run_results.json"
    if not results.exists():
        raise AssertionError(f"dbt build failed (exit {result.returncode}):\n{result.stdout[-6000:]}")
    document = json.loads(results.read_text(encoding="utf-8"))
    return tuple(sorted(r["unique_id"] for r in document["results"] if r["status"] in ("error", "fail")))


def build_hostile_site(root: Path) -> BuiltSite:
    """Simulate, load, plant the hostile names, dbt build and render into ``root/site``."""
    root.mkdir(parents=True, exist_ok=True)
    landing, warehouse, target = root / "landing", root / "warehouse.duckdb", root / "target"
    run_simulation(SimulationParams(seed=7, rows=ROWS, window_end=WINDOW_END), landing)
    load_files(warehouse, sorted(landing.rglob("*.parquet")))
    customer, feature = _plant_hostile_names(warehouse)
    failures = dbt_build_models(warehouse, target)
    docs_error = None
    try:
        generate_dbt_docs(root / "site", warehouse)
    except RuntimeError as error:  # a half-written model elsewhere in the tree; the docs test reports it
        docs_error = str(error)
    build_site(warehouse, root / "site", dbt_results_path=target / "run_results.json")
    return BuiltSite(root / "site", warehouse, target, customer, feature, failures, docs_error)
