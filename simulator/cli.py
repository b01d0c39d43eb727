"""``finops simulate``: generate simulated LLM API traffic into the landing zone."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import click

from include.settings import get_settings, parse_utc
from simulator.constants import SCENARIOS


def _scenarios(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if value is None or value.strip().lower() == "all":
        return SCENARIOS
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown scenario(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(SCENARIOS)}"
        )
    return names


def _window_end(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_utc(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO timestamp such as 2026-01-01T00:00:00Z") from exc


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rows", type=click.IntRange(min=1), help="Exact number of call rows.")
@click.option("--size-mb", type=click.FloatRange(min=0, min_open=True),
              help="Target size instead of --rows: rows = floor(MB × 1,048,576 ÷ 170). Default 50.")
@click.option("--seed", type=click.IntRange(min=0), default=42, show_default=True,
              help="The only source of randomness: same parameters, same rows.")
@click.option("--window-end", callback=_window_end,
              help="Exclusive end of the window (ISO, UTC if no zone). Default from FINOPS_WINDOW_END.")
@click.option("--window-days", type=click.FloatRange(min=1 / 24), default=7.0, show_default=True,
              help="Window length in days (fractions allowed, at least one hour).")
@click.option("--scenarios", callback=_scenarios, metavar="LIST",
              help=f"Comma-separated traffic streams, or 'all' (default): {', '.join(SCENARIOS)}.")
@click.option("--customers", type=click.IntRange(min=27), help="Customers (default: auto from rows).")
@click.option("--organizations", type=click.IntRange(min=1), help="Organizations (default: customers ÷ 10).")
@click.option("--agent-share", type=click.FloatRange(0, 1), default=0.10, show_default=True,
              help="Share of rows belonging to agent workflows.")
@click.option("--landing-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Landing zone root (default: FINOPS_LANDING_DIR or <data dir>/landing).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the calls as a seed-001 19-column CSV to this file.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def simulate(rows: int | None, size_mb: float | None, seed: int, window_end: datetime | None,
             window_days: float, scenarios: tuple[str, ...], customers: int | None,
             organizations: int | None, agent_share: float, landing_dir: Path | None,
             csv_path: Path | None, quiet: bool) -> None:
    """Simulate LLM API traffic (catalogue §5) and land it as Parquet batches.

    Output is a pure function of the options: re-running with the same values rewrites the same
    files (landing/simulator/<kind>/sim_<run_id>_<kind>_<part>.parquet) and the run manifest
    landing/simulator/runs/<run_id>.json. Load the batches with `finops load`.

    \b
    Examples:
      finops simulate --rows 20000 --seed 7
      finops simulate --size-mb 200 --window-days 30 --scenarios base,viral_spike
      finops simulate --rows 5000 --csv /tmp/calls.csv
    """
    from simulator.api import SimulationParams, run_simulation

    if rows is not None and size_mb is not None:
        raise click.UsageError("give --rows or --size-mb, not both")
    settings = get_settings()
    try:
        params = SimulationParams(
            seed=seed, window_end=window_end or settings.default_window_end, window_days=window_days,
            rows=rows, size_mb=size_mb, scenarios=scenarios, customers=customers,
            organizations=organizations, agent_share=agent_share,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    landing = landing_dir or settings.landing_dir
    started = time.perf_counter()
    manifest = run_simulation(params, landing, csv_path=csv_path, progress=not quiet)
    seconds = time.perf_counter() - started
    files = manifest["files"]
    size = sum(int(f["bytes"]) for f in files)  # type: ignore[index]
    counts = manifest["rows"]
    click.echo(f"run {manifest['run_id']}: {counts['calls']:,} calls, {counts['workflows']:,} workflows, "  # type: ignore[index]
               f"{counts['sessions']:,} sessions, {counts['budgets']:,} budgets")  # type: ignore[index]
    click.echo(f"{len(files)} Parquet files, {size / 1_048_576:.1f} MB in {seconds:.1f} s "  # type: ignore[arg-type]
               f"({counts['calls'] / max(seconds, 1e-9):,.0f} calls/s)")  # type: ignore[index]
    click.echo(f"landing: {landing / 'simulator'}; manifest: runs/{manifest['run_id']}.json")
    if manifest["csv"]:
        click.echo(f"csv: {csv_path} ({manifest['csv']['bytes'] / 1_048_576:.1f} MB)")  # type: ignore[index]
