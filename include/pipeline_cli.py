"""``finops build``, ``run``, ``publish``, ``analyze`` and ``ui``: the pipeline from the shell.

``run`` is the DAG's chain without Airflow (simulate → load → dbt build → render → publish) for
quick local use; the DAG stays the way to run it in production and in ``scripts/run``. The
steps themselves live in :mod:`include.pipeline`, shared with the DAG.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from include import pipeline
from include.settings import get_settings

__all__ = ["ANALYSIS_IDS", "analyze", "build", "publish", "run", "ui"]

# Catalogue §1.1: the 13 analyses plus agents, budgets and metrics. Each is a dbt tag on the
# marts of its folder (models/marts/<id>/).
ANALYSIS_IDS: tuple[str, ...] = (
    "understanding",
    "performance",
    "realtime",
    "optimization",
    "alignment",
    "profitability",
    "pricing",
    "features",
    "dataset_overview",
    "token_economics",
    "geographic_latency",
    "churn_growth",
    "abuse_detection",
    "agents",
    "budgets",
    "metrics",
)

UI_PORT = 8080
UI_READY_TIMEOUT_SECONDS = 180


def _fail(message: str) -> None:
    raise click.ClickException(message)


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]})
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
def build(dbt_args: tuple[str, ...]) -> None:
    """Run `dbt build` (models, seeds and tests) on the warehouse; extra arguments go to dbt.

    \b
    Examples:
      finops build
      finops build -s +fct_calls
    """
    try:
        pipeline.dbt(["build", *dbt_args])
    except RuntimeError as error:
        _fail(str(error))
    click.echo(f"dbt run results: {pipeline.dbt_results_path()}")


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]})
@click.argument("name", type=click.Choice(ANALYSIS_IDS), metavar="NAME")
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
def analyze(name: str, dbt_args: tuple[str, ...]) -> None:
    """Build one analysis: `dbt build -s +tag:NAME` (its marts, their parents and their tests).

    NAME is an analysis id of the catalogue (§1.1), e.g. understanding, token_economics,
    abuse_detection, agents. The raw layer must be loaded already (`finops run` or the DAG).
    """
    tagged = pipeline.models_tagged(name)
    if not tagged:
        _fail(
            f"no dbt model is tagged {name!r} in {pipeline.MANIFEST_PATH}: tag the folder "
            f"models/marts/{name}/ in dbt_project.yml (+tags), then run `dbt parse` or scripts/install"
        )
    click.echo(f"{name}: {len(tagged)} tagged models and their parents")
    try:
        # cautious: a test runs only when every model it reads is selected (a reconciliation or
        # relationships test that also reads another analysis's or a dimension's table would fail)
        pipeline.dbt(["build", "--select", f"+tag:{name}", "--indirect-selection", "cautious", *dbt_args])
    except RuntimeError as error:
        _fail(str(error))
    click.echo(f"analysis {name} built; dbt run results: {pipeline.dbt_results_path()}")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rows", type=click.IntRange(min=1), default=None, help="Exact number of calls.")
@click.option(
    "--size-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Target size in MB (rows = size_mb × 1,048,576 ÷ 170). Default 50 unless --rows.",
)
@click.option("--window-end", default=None, help="Exclusive window end, ISO UTC (default FINOPS_WINDOW_END).")
@click.option("--window-days", type=click.IntRange(1, 366), default=7, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=42, show_default=True)
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    type=click.Choice(pipeline.SCENARIO_IDS),
    help="A traffic stream to include (repeat; default all 12).",
)
@click.option(
    "--keep-simulated/--replace-simulated",
    default=False,
    help="Keep simulator batches of earlier runs in the warehouse (default: replace them).",
)
@click.option("--no-publish", is_flag=True, help="Stop after rendering the site.")
def run(
    rows: int | None,
    size_mb: float | None,
    window_end: str | None,
    window_days: int,
    seed: int,
    scenarios: tuple[str, ...],
    keep_simulated: bool,
    no_publish: bool,
) -> None:
    """Simulate, load, build and render without Airflow (the DAG's chain, for quick local use)."""
    from include.publish import publish_site

    request = pipeline.resolve_request(
        {
            "rows": rows,
            "size_mb": size_mb if (size_mb or rows) else 50.0,
            "window_end": window_end,
            "window_days": window_days,
            "seed": seed,
            "scenarios": list(scenarios),
            "replace_simulated": not keep_simulated,
        }
    )
    steps: list[tuple[str, float]] = []

    def timed(label: str, started: float) -> None:
        steps.append((label, time.perf_counter() - started))
        click.echo(f"[{label}] done in {steps[-1][1]:.1f}s")

    started = time.perf_counter()
    manifest = pipeline.simulate(request)
    timed("simulate", started)
    started = time.perf_counter()
    try:
        summary = pipeline.load(manifest, replace_simulated=request.replace_simulated)
    except RuntimeError as error:
        _fail(str(error))
    click.echo(json.dumps(summary, indent=1, default=str))
    timed("load", started)
    started = time.perf_counter()
    try:
        pipeline.dbt(["build"])
    except RuntimeError as error:
        _fail(str(error))
    timed("dbt build", started)
    started = time.perf_counter()
    pipeline.refresh_api_snapshot()
    timed("api snapshot", started)
    started = time.perf_counter()
    index = pipeline.render(
        run_info={"request": request.to_dict(), "params": manifest.get("parameters"), "load": summary},
        results_path=pipeline.dbt_results_path(),
    )
    timed("render", started)
    if not no_publish:
        click.echo(f"published to {publish_site(index.parent)}")
    click.echo(f"Site: {index}")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--target-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--git-remote", default=None, help="Push to this remote's gh-pages branch instead.")
def publish(site_dir: Path | None, target_dir: Path | None, git_remote: str | None) -> None:
    """Publish the rendered site: copy to FINOPS_PUBLISH_DIR (default) or push to gh-pages."""
    from include.publish import publish_site

    try:
        destination = publish_site(
            site_dir or get_settings().site_dir, target_dir=target_dir, git_remote=git_remote
        )
    except (FileNotFoundError, RuntimeError) as error:
        _fail(str(error))
    click.echo(f"published to {destination}")


def login_hint(airflow_home: Path, port: int = UI_PORT) -> str:
    """How to log in to the embedded UI (simple auth manager's generated password file)."""
    passwords = airflow_home / "simple_auth_manager_passwords.json.generated"
    lines = [f"Airflow UI: http://localhost:{port}  (DAG: finops_pipeline)"]
    if passwords.exists():
        for user, password in json.loads(passwords.read_text()).items():
            lines.append(f"Log in as user {user!r} with password {password!r} (from {passwords})")
    else:
        lines.append(f"Log in as 'admin'; the password is written to {passwords} on first start")
    return "\n".join(lines)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--port", type=click.IntRange(1, 65535), default=UI_PORT, show_default=True)
def ui(port: int) -> None:
    """Start Airflow standalone (UI and API on localhost, scheduler, dag-processor, triggerer).

    Prepares the metadata DB and the warehouse pool first, then prints how to log in. Stop with
    Ctrl-C.
    """
    from include.airflow import environment
    from include.airflow.setup_db import airflow_executable, prepare_airflow_home

    values = environment.apply()
    os.environ.setdefault("AIRFLOW__API__PORT", str(port))
    os.environ.setdefault("AIRFLOW__API__HOST", "127.0.0.1")  # localhost only, as documented
    # Task processes reach the execution API through this URL (default: port 8080 whatever --port).
    os.environ.setdefault("AIRFLOW__API__BASE_URL", f"http://localhost:{port}")
    os.environ.setdefault("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", f"http://localhost:{port}/execution/")
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    home = prepare_airflow_home(values)
    click.echo(f"starting airflow standalone (AIRFLOW_HOME={home}) …")
    process = subprocess.Popen([airflow_executable(), "standalone"], start_new_session=True)
    # `kill` (SIGTERM) must stop the services too: exit through the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    passwords = home / "simple_auth_manager_passwords.json.generated"
    deadline = time.monotonic() + UI_READY_TIMEOUT_SECONDS
    try:
        while process.poll() is None and not passwords.exists() and time.monotonic() < deadline:
            time.sleep(1)
        click.echo(login_hint(home, port))
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    if process.returncode not in (0, -signal.SIGTERM, None):
        sys.exit(process.returncode)
