"""`finops analyze NAME` builds one analysis and its parents, nothing else (issue 3, item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ANALYSIS = "pricing"
OTHER_ANALYSES = ("abuse_detection", "churn_growth", "geographic_latency", "realtime", "agents")


def test_analyze_builds_the_analysis_and_its_parents_only(analysis_warehouse, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    warehouse = data_dir / "warehouse.duckdb"
    shutil.copy(analysis_warehouse.path, warehouse)
    env = {**os.environ, "FINOPS_DATA_DIR": str(data_dir), "FINOPS_WAREHOUSE_PATH": str(warehouse)}
    finops = Path(sys.executable).with_name("finops")
    done = subprocess.run(
        [str(finops), "analyze", ANALYSIS, "--exclude-resource-type", "unit_test"],
        env=env, capture_output=True, text=True, timeout=1800, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"analysis {ANALYSIS} built" in done.stdout

    results = json.loads((data_dir / "dbt" / "target" / "run_results.json").read_text())
    built = {r["unique_id"]: r["status"] for r in results["results"] if r["unique_id"].startswith("model.")}
    nodes = json.loads((data_dir / "dbt" / "target" / "manifest.json").read_text())["nodes"]
    tagged = {uid for uid, n in nodes.items() if n["resource_type"] == "model" and ANALYSIS in n["tags"]}
    assert tagged and tagged <= set(built), sorted(tagged - set(built))
    assert all(built[uid] == "success" for uid in tagged)
    # every built model is one of the analysis's models or one of their ancestors
    parents = {uid: set(n.get("depends_on", {}).get("nodes", [])) for uid, n in nodes.items()}
    wanted, frontier = set(tagged), list(tagged)
    while frontier:
        for parent in parents.get(frontier.pop(), ()):
            if parent not in wanted:
                wanted.add(parent)
                frontier.append(parent)
    assert set(built) <= wanted, sorted(set(built) - wanted)
    # shared analysis intermediates carry every analysis's tag; another analysis's own models do not
    # carry this one's
    foreign = {
        uid for uid in built
        if ANALYSIS not in nodes[uid]["tags"] and any(tag in nodes[uid]["tags"] for tag in OTHER_ANALYSES)
    }
    assert not foreign, sorted(foreign)
