"""dbt's documentation site inside the report site (``<site>/docs/index.html``).

``dbt docs generate --static`` writes one self-contained HTML file (manifest and catalog
embedded), so the lineage and the definition of every mart behind a figure open offline, over
``file://`` and on GitHub Pages. dbt runs in its own temporary target folder: the pipeline's
``run_results.json`` (summarised in the manifest) is never overwritten by the docs run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from include.settings import DBT_PROJECT_DIR, PROJECT_ROOT

__all__ = ["DOCS_DIRNAME", "DOCS_INDEX", "generate_dbt_docs"]

DOCS_DIRNAME = "docs"
DOCS_INDEX = f"{DOCS_DIRNAME}/index.html"
STATIC_FILE = "static_index.html"
DBT_DOCS_TIMEOUT_SECONDS = 900


def _dbt_executable() -> str:
    venv_dbt = PROJECT_ROOT / ".venv" / "bin" / "dbt"
    found = str(venv_dbt) if venv_dbt.exists() else shutil.which("dbt")
    if not found:
        raise FileNotFoundError("dbt is not installed: run scripts/install (it puts dbt-duckdb in .venv)")
    return found


def generate_dbt_docs(
    site_dir: Path, warehouse_path: Path, *, timeout: float = DBT_DOCS_TIMEOUT_SECONDS
) -> Path:
    """Run ``dbt docs generate --static`` on ``warehouse_path``; copy it to ``<site>/docs/index.html``.

    Call it after ``dbt build`` and before :func:`reports.site.build_site`, which then links the
    docs from the index (or pass ``dbt_docs=True`` to ``build_site``). The warehouse must not be
    held open for writing by another process while this runs (dbt reads its catalog).
    """
    site_dir, warehouse_path = Path(site_dir), Path(warehouse_path)
    env = {
        **os.environ,
        "FINOPS_WAREHOUSE_PATH": str(warehouse_path.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with tempfile.TemporaryDirectory(prefix="finops-dbt-docs-") as tmp:
        target = Path(tmp) / "target"
        command = [
            _dbt_executable(), "docs", "generate", "--static",
            "--profiles-dir", str(DBT_PROJECT_DIR), "--project-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(target), "--log-path", str(Path(tmp) / "logs"),
        ]  # fmt: skip
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        static = target / STATIC_FILE
        if result.returncode != 0 or not static.exists():
            raise RuntimeError(
                f"`dbt docs generate --static` failed (exit {result.returncode}); fix the dbt project "
                f"or run `dbt build` first:\n{result.stdout[-4000:]}{result.stderr[-2000:]}"
            )
        out = site_dir / DOCS_INDEX
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static, out)
    return out
