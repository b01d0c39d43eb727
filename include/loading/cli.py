"""``finops import-csv`` and ``finops load``: land CSV files, load landed batches into ``raw.*``.

Both print the reconciliation of catalogue §3.8 for every batch and in total
(read = accepted + quarantined, quarantined by reason) and exit non-zero with the loader's message
when a file is rejected or a batch cannot be loaded, so scripts and CI notice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from include.loading.api import import_csv as land_csv
from include.loading.api import load_files, load_landing
from include.loading.errors import LoadError
from include.loading.landing import SOURCES
from include.loading.report import BatchReport, LoadReport
from include.settings import get_settings

CONTEXT = {"help_option_names": ["-h", "--help"]}
F = TypeVar("F", bound=Callable[..., Any])


def _reasons(by_reason: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n:,}" for reason, n in sorted(by_reason.items()))


def batch_line(b: BatchReport) -> str:
    """One batch's reconciliation: ``read = accepted + quarantined`` and the reasons."""
    line = (
        f"{b.batch_id} ({b.source}/{b.kind}): read {b.rows_read:,} = accepted {b.rows_accepted:,}"
        f" + quarantined {b.rows_quarantined:,}"
    )
    return f"{line} [{_reasons(b.quarantined_by_reason)}]" if b.rows_quarantined else line


def total_line(report: LoadReport) -> str:
    line = (
        f"total: {len(report.batches)} batch(es), read {report.rows_read:,} = accepted "
        f"{report.rows_accepted:,} + quarantined {report.rows_quarantined:,}"
    )
    reasons = report.quarantined_by_reason()
    return f"{line} [{_reasons(reasons)}]" if reasons else line


def _run_load(load: Callable[..., LoadReport], quiet: bool) -> LoadReport:
    """Run ``load(progress=...)`` with a tqdm bar over batches; print and check the reconciliation."""
    state: dict[str, Any] = {}

    def progress(total: int, batch: BatchReport) -> None:
        if quiet:
            return
        if "bar" not in state:
            from tqdm import tqdm

            state["bar"] = tqdm(total=total, desc="load", unit="batch")
        state["bar"].set_postfix_str(batch.batch_id)
        state["bar"].update(1)

    try:
        report = load(progress=progress)
    except LoadError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if "bar" in state:
            state["bar"].close()
    for b in report.batches:
        click.echo(batch_line(b))
    click.echo(total_line(report))
    if not report.reconciles:
        raise click.ClickException(
            "the load does not reconcile (read != accepted + quarantined); inspect raw.batches and "
            "raw.quarantine and report this bug"
        )
    return report


def _warehouse_option(fn: F) -> F:
    return click.option(
        "--warehouse",
        type=click.Path(dir_okay=False, path_type=Path),
        help="DuckDB file to write (default: FINOPS_WAREHOUSE_PATH or <data dir>/warehouse.duckdb).",
    )(fn)


def _landing_option(fn: F) -> F:
    return click.option(
        "--landing-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Landing zone root (default: FINOPS_LANDING_DIR or <data dir>/landing).",
    )(fn)


@click.command("import-csv", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_landing_option
@_warehouse_option
@click.option(
    "--load/--no-load",
    "load_now",
    default=False,
    show_default=True,
    help="Also load the landed batches into raw.calls right away.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def import_csv(
    paths: tuple[Path, ...], landing_dir: Path | None, warehouse: Path | None, load_now: bool, quiet: bool
) -> None:
    """Land CSV files of calls in the seed-001 layout (catalogue §3) for the next `finops load`.

    Columns are matched by header name in any order (trimmed, case-insensitive, synonyms such as
    tenant_id or prompt_tokens). File-level problems (no header, a duplicate column, a required
    column absent, bytes that are not UTF-8) reject the file: nothing is landed and the command
    exits 1. Row-level problems are quarantined by the load, never fatal. Landing the same bytes
    twice gives the same batch (csv_ + 16 hex of SHA-256), so a reload replaces it.
    """
    settings = get_settings()
    landing = landing_dir or settings.landing_dir
    landed = []
    for path in paths:
        try:
            dest = land_csv(path, landing)
        except LoadError as exc:
            raise click.ClickException(f"{exc} (nothing was landed from this file)") from None
        click.echo(f"landed {path} as batch {dest.stem} ({dest})")
        landed.append(dest)
    if load_now:
        target = warehouse or settings.warehouse_path
        _run_load(lambda progress: load_files(target, landed, progress=progress), quiet)
    else:
        click.echo("run `finops load` to validate and load the landed batches into raw.calls")


@click.command("load", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@_landing_option
@_warehouse_option
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(SOURCES),
    help="Only these landing sources (repeatable; default: all).",
)
@click.option("--force", is_flag=True, help="Reload batches whose bytes are unchanged too.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def load(
    paths: tuple[Path, ...],
    landing_dir: Path | None,
    warehouse: Path | None,
    sources: tuple[str, ...],
    force: bool,
    quiet: bool,
) -> None:
    """Validate landed batches and load them into raw.* (catalogue §3), one transaction per batch.

    Without PATHS every landed file that is new or changed since its last load is loaded; with
    PATHS exactly those files. A batch loaded again replaces its earlier rows. Rejected rows go to
    raw.quarantine with a reason; each batch prints read = accepted + quarantined.
    """
    settings = get_settings()
    target = warehouse or settings.warehouse_path
    if paths:
        _run_load(lambda progress: load_files(target, list(paths), progress=progress), quiet)
    else:
        landing = landing_dir or settings.landing_dir
        _run_load(
            lambda progress: load_landing(
                target, landing, sources=list(sources) or None, force=force, progress=progress
            ),
            quiet,
        )
