"""``finops api``: serve the API; ``finops api keys create``; ``finops api snapshot``."""

from __future__ import annotations

import os
from pathlib import Path

import click


def default_workers() -> int:
    """One server process per two cores this process may run on, at most 4.

    A worker keeps more than one core busy at full load: its event loop, its ledger writer thread
    (group commits) and DuckDB's query threads. Measured with bench/bench_api.py on the shared
    2-core machine (load average 2.5–5): one worker served 3,150–4,370 tracking posts/s at
    4,700–5,200 posts per CPU-second; two workers 1,570–4,550 posts/s at 2,760–4,450 per
    CPU-second (each commits smaller groups, and the two take turns on one commit lock), and the
    export's p95 was worse too. So a second worker only pays with cores to spare. Tracked events
    stay exactly-once across workers because they share one ledger (``api.tracking.ledger``).
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores // 2, 4))


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port.")
@click.option(
    "--warehouse",
    type=click.Path(path_type=Path),
    default=None,
    help="Warehouse to snapshot at start when no serving snapshot exists yet "
    "(default $FINOPS_WAREHOUSE_PATH).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=None,
    help="Server processes (default: one per two cores, at most 4).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, warehouse: Path | None, workers: int | None) -> None:
    """Serve the analytics and tracking API with uvicorn (OpenAPI docs at /docs).

    The API reads a read-only serving snapshot of the agents marts, never the warehouse itself;
    refresh it after each build with `finops api snapshot`. Several worker processes share one
    listening socket and one tracking ledger.
    """
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from api.app import create_app
    from api.settings import api_settings
    from api.snapshot import SnapshotError, refresh_snapshot

    settings = api_settings(warehouse)
    if not settings.snapshot_path.exists():
        try:
            refresh_snapshot(settings.warehouse_path, settings.snapshot_path)
        except SnapshotError as exc:
            click.echo(f"warning: {exc}; analytics answer 503 until a snapshot exists", err=True)
    workers = workers or default_workers()
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    if warehouse is not None:  # the worker processes build their settings from the environment
        os.environ["FINOPS_WAREHOUSE_PATH"] = str(warehouse)
    uvicorn.run("api.app:create_app", factory=True, workers=workers, **options)


@serve.command("snapshot")
@click.option("--warehouse", type=click.Path(path_type=Path), default=None, help="Warehouse to copy from.")
def snapshot(warehouse: Path | None) -> None:
    """Refresh the serving snapshot from the warehouse (copy + atomic rename); run after each build."""
    from api.snapshot import SnapshotError, refresh_snapshot

    try:
        path = refresh_snapshot(warehouse)
    except SnapshotError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"serving snapshot refreshed: {path}")


@serve.group("keys")
def keys() -> None:
    """Manage API keys (stored hashed, one organization each)."""


@keys.command("create")
@click.option("--organization", required=True, help="Organization the key may read and write.")
def create_key(organization: str) -> None:
    """Create a key and print it once; only its salted hash is stored."""
    from api.auth import KeyStore
    from api.settings import api_settings

    key = KeyStore(api_settings().keys_path).create(organization)
    click.echo(key)
