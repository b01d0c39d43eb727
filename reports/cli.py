"""``finops render``: build the static report site from the warehouse's marts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from include.settings import get_settings

__all__ = ["render"]


def _run_info(value: str | None) -> dict | None:
    if value is None:
        return None
    path = Path(value)
    text = path.read_text(encoding="utf-8") if path.exists() else value
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not a JSON object nor a JSON file: {error}") from error
    if not isinstance(parsed, dict):
        raise click.BadParameter("must be a JSON object, e.g. the simulator's run manifest")
    return parsed


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB warehouse to read (opened read-only). Default: $FINOPS_WAREHOUSE_PATH, "
    "else $FINOPS_DATA_DIR/warehouse.duckdb.",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site into (created if missing). Default: $FINOPS_SITE_DIR, "
    "else $FINOPS_DATA_DIR/site.",
)
@click.option(
    "--run-info",
    default=None,
    metavar="JSON|FILE",
    help="Simulator parameters of the run behind the data (a JSON object or a file holding one, "
    "e.g. landing/simulator/runs/<run_id>.json), recorded in manifest.json.",
)
@click.option(
    "--dbt-results",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="dbt's run_results.json of the last build, summarised in manifest.json.",
)
@click.option(
    "--dbt-docs/--no-dbt-docs",
    default=False,
    help="Also run `dbt docs generate --static` into <site>/docs/ and link it from the index.",
)
def render(
    warehouse: Path | None,
    site_dir: Path | None,
    run_info: str | None,
    dbt_results: Path | None,
    dbt_docs: bool,
) -> None:
    """Render the static report site from the marts.

    Writes manifest.json, one HTML page per report whose marts exist in the warehouse (with CSV
    and JSON downloads of each mart under data/<report>/), index.html, and the assets (Chart.js
    bundled, so the site works offline and on GitHub Pages). Prints the path of index.html.

    \b
    Example:
      finops render --warehouse data/warehouse.duckdb --site-dir data/site
    """
    from reports.site import build_site  # imported here so `finops --help` stays fast

    settings = get_settings()
    index = build_site(
        warehouse or settings.warehouse_path,
        site_dir or settings.site_dir,
        run_info=_run_info(run_info),
        dbt_results_path=dbt_results,
        dbt_docs=dbt_docs,
    )
    click.echo(f"site written: {index}")
