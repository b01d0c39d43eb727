"""The GitHub Pages workflow parses and has what a Pages deployment needs.

GitHub only deploys when the build uploads a Pages artifact, the deploy job runs after it in
the ``github-pages`` environment, and the token may write Pages and mint an OIDC id token. The
site must come from the project's own pipeline (scripts/run), not a hand-made folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from include.settings import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "pages.yml"


def _workflow() -> dict[str, Any]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict), "pages.yml is not a YAML mapping"
    return document


def _uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_triggers_and_permissions() -> None:
    wf = _workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert wf["concurrency"]["group"] == "pages"


def test_build_job_runs_the_pipeline_and_uploads_the_site() -> None:
    build = _workflow()["jobs"]["build"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "./scripts/run" in runs, "the site must be built by the project's pipeline"
    assert "docs/index.html" in runs, "the dbt docs must be part of the published site"
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "data/site"
    data_dir = build["env"]["FINOPS_DATA_DIR"]
    assert data_dir.endswith("/data"), "the artifact path must be the site the run wrote"
    assert any(u.startswith("actions/checkout@") for u in _uses(build))
    assert (PROJECT_ROOT / "scripts" / "run").exists()


def test_deploy_job_deploys_after_the_build() -> None:
    deploy = _workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = next(s for s in deploy["steps"] if s.get("uses", "").startswith("actions/deploy-pages@"))
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_every_job_has_a_timeout_and_pinned_major_versions() -> None:
    for name, job in _workflow()["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"job {name} has no timeout"
        for uses in _uses(job):
            assert "@v" in uses and Path(uses.split("@")[0]).parts[0] == "actions", uses
