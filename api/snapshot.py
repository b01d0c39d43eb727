"""The serving snapshot: a small read-only copy of the §7 marts that the API reads.

Why a copy. DuckDB lets one process write a file, and while the pipeline (loader, ``dbt build``)
writes ``warehouse.duckdb`` it holds an exclusive lock: a reader opening the same file would fail
or, worse, make the writer fail. So the API never opens the warehouse. After each build the
pipeline calls :func:`refresh_snapshot`, which

1. attaches the warehouse ``READ_ONLY`` (it runs between writers, e.g. as the DAG's step after dbt),
2. copies the ``rpt_agents__*`` marts the API serves into a new versioned file beside the snapshot
   (``agents.<ns>.duckdb``), sorted by organization so DuckDB's zone maps skip other tenants'
   row groups,
3. points the snapshot path (a symlink) at it with an atomic rename, and deletes versions older
   than the previous one.

The API opens the file the link points to with ``read_only=True`` and re-opens when the link
moves. Versioned names matter: DuckDB caches one database instance per path in a process, so
re-opening the *same* path would hand back the old data. A request already running keeps
reading the old file (its inode lives while open), so a refresh never interrupts a reader and a
reader never blocks the writer. If the warehouse is locked when a refresh is tried,
the refresh fails with a clear message and the API keeps serving the previous snapshot.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from api.settings import api_settings

# mart → sort order of the copy (organization first: every query filters on it)
SERVED_MARTS: dict[str, str] = {
    "rpt_agents__usage_daily": "organization_id, date",
    "rpt_agents__model_daily": "organization_id, date",
    "rpt_agents__sessions": "organization_id, started_at",
    "rpt_agents__workflow_performance": "organization_id, workflow_name",
    "rpt_agents__workflow_executions": "organization_id, workflow_name, started_at",
    "rpt_agents__call_tree": "workflow_id, call_id",
    "rpt_agents__critical_path": "workflow_id, step",
    "rpt_agents__cost_attribution": "organization_id, dimension, period_type, period_start",
    "rpt_agents__optimization_opportunities": "organization_id, type, entity_id",
    "rpt_agents__dashboard": "organization_id, period",
    "rpt_agents__dashboard_rankings": "organization_id, period, kind, rank",
}
MARTS_SCHEMA = "marts"


class SnapshotError(RuntimeError):
    """The snapshot could not be built or read; the message says what to run."""


def refresh_snapshot(warehouse_path: Path | None = None, snapshot_path: Path | None = None) -> Path:
    """Copy the served marts of ``warehouse_path`` into ``snapshot_path`` atomically; return it.

    Call it after every successful ``dbt build`` (the pipeline's publish step). Raises
    :class:`SnapshotError` naming the missing mart or the lock, leaving the old snapshot in place.
    """
    settings = api_settings(warehouse_path, snapshot_path)
    source, target = settings.warehouse_path, settings.snapshot_path
    if not source.exists():
        raise SnapshotError(f"warehouse {source} does not exist: run `finops run` first")
    target.parent.mkdir(parents=True, exist_ok=True)
    version = target.with_name(f"{target.stem}.{time.time_ns()}{target.suffix}")
    tmp = version.with_name(f".{version.name}.tmp")
    try:
        con = duckdb.connect(str(tmp))
        try:
            try:
                con.execute(f"attach '{_quote(source)}' as src (read_only)")
            except duckdb.Error as exc:
                raise SnapshotError(
                    f"cannot read {source} ({exc}); it is probably being written: refresh the "
                    "snapshot after the build finishes"
                ) from None
            present = set(
                r[0]
                for r in con.execute(
                    "select table_name from duckdb_tables() where database_name = 'src' "
                    "and schema_name = ?",
                    [MARTS_SCHEMA],
                ).fetchall()
            )
            missing = [t for t in SERVED_MARTS if t not in present]
            if missing:
                raise SnapshotError(
                    f"{source} lacks mart(s) {', '.join(missing)}: run `dbt build -s +tag:agents`"
                )
            for table, order in SERVED_MARTS.items():
                con.execute(
                    f"create table main.{table} as select * from src.{MARTS_SCHEMA}.{table} order by {order}"
                )
            con.execute("detach src")
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp, version)
        link = target.with_name(f".{target.name}.{version.name}.link")
        link.symlink_to(version.name)
        os.replace(link, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    _drop_old_versions(target, keep=2)
    return target


def _drop_old_versions(target: Path, keep: int) -> None:
    """Delete snapshot versions but the newest ``keep`` (open readers keep their inode alive)."""
    versions = sorted(
        target.parent.glob(f"{target.stem}.*{target.suffix}"),
        key=lambda p: (
            int(p.name[len(target.stem) + 1 : -len(target.suffix)] or 0)
            if p.name[len(target.stem) + 1 : -len(target.suffix)].isdigit()
            else -1
        ),
    )
    for old in versions[:-keep]:
        old.unlink(missing_ok=True)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
