"""Replace one batch in ``raw.*`` inside one transaction (docs/architecture.md, "The raw layer").

The staged batch (``ld_stage``/``ld_dups`` built by :mod:`calls` or :mod:`records`) replaces every
earlier row of the same batch id in every raw table, and the batch row records the reconciliation.
Either all of it is committed or none of it: a failure leaves the previously loaded batch intact.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from include.loading.calls import QUARANTINE_SELECT, accepted_select
from include.loading.errors import LoadError
from include.loading.landing import LandedFile
from include.loading.records import RECORD_OF_KIND, RECORD_QUARANTINE_SELECT, record_accepted_select
from include.warehouse import RECORD_TABLES


def replace_batch(
    con: duckdb.DuckDBPyConnection, lf: LandedFile, loaded_at: datetime, params: dict
) -> tuple[int, int, dict[str, int]]:
    """Write the staged batch; returns (rows_read, rows_accepted, quarantined_by_reason)."""
    record = RECORD_OF_KIND[lf.kind]
    if lf.kind == "calls":
        columns, accepted_sql = accepted_select()
        quarantine_sql = QUARANTINE_SELECT
    else:
        columns, accepted_sql = record_accepted_select(record)
        quarantine_sql = RECORD_QUARANTINE_SELECT
    (rows_read,) = con.execute(
        f"select count(*) from {'ld_typed' if lf.kind == 'calls' else 'ld_stage'}"
    ).fetchone()
    column_list = ", ".join(f'"{c}"' for c in columns)
    q_params = [lf.source, lf.batch_id, lf.kind, loaded_at] * 2
    con.execute("begin transaction")
    try:
        for table in RECORD_TABLES.values():
            con.execute(f"delete from {table} where batch_id = ?", [lf.batch_id])
        con.execute("delete from raw.quarantine where batch_id = ?", [lf.batch_id])
        con.execute("delete from raw.batches where batch_id = ?", [lf.batch_id])
        (accepted,) = con.execute(
            f"insert into {RECORD_TABLES[record]} ({column_list}) {accepted_sql}",
            [lf.source, lf.batch_id, loaded_at],
        ).fetchone()
        con.execute(
            "insert into raw.quarantine (source, batch_id, kind, row_number, raw_content, reason,"
            " reason_detail,"
            f" loaded_at) {quarantine_sql}",
            q_params,
        )
        by_reason = dict(
            con.execute(
                "select reason, count(*) from raw.quarantine where batch_id = ? group by 1 order by 1",
                [lf.batch_id],
            ).fetchall()
        )
        quarantined = sum(by_reason.values())
        if accepted + quarantined != rows_read:
            raise LoadError(
                f"{lf.path}: reconciliation failed for batch {lf.batch_id}: read {rows_read} rows"
                f" but accepted "
                f"{accepted} + quarantined {quarantined}; nothing was written (please report this bug)"
            )
        con.execute(
            "insert into raw.batches (batch_id, source, kind, path, content_sha256, bytes,"
            " rows_read, rows_accepted,"
            " rows_quarantined, quarantined_by_reason, params, loaded_at) values (?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?)",
            [
                lf.batch_id,
                lf.source,
                lf.kind,
                str(lf.path),
                lf.sha256,
                lf.bytes,
                rows_read,
                accepted,
                quarantined,
                json.dumps(by_reason),
                json.dumps(params, sort_keys=True, default=str),
                loaded_at,
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rows_read, accepted, by_reason
