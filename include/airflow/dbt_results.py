"""Keep the ``run_results.json`` of every Cosmos dbt task, so the site can report every test.

Cosmos runs each model (and its tests) in a temporary copy of the project that is deleted after
the task. Its ``callback`` hook hands us that copy first: we keep the run results under
``$FINOPS_DATA_DIR/dbt/runs/<dag run>/<task>.json``, and ``render_site`` merges them into one
file (:func:`include.pipeline.merge_run_results`).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from include.settings import get_settings


def results_dir(run_id: str) -> Path:
    """Folder of one DAG run's dbt results (the run id made safe for a file name)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)
    return get_settings().data_dir / "dbt" / "runs" / safe


def keep_run_results(project_dir: str, context: dict[str, Any] | None = None, **_: Any) -> Path | None:
    """Cosmos callback: copy ``target/run_results.json`` of this task out of the temporary project."""
    source = Path(project_dir) / "target" / "run_results.json"
    if context is None or not source.exists():
        return None
    ti = context["ti"]
    target = results_dir(context["run_id"]) / f"{ti.task_id}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
