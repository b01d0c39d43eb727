"""Read marts from the DuckDB warehouse, read-only, as lists of dictionaries.

Reports only read marts (ARCHITECTURE: "Reports, the API and exports only read marts"), so the
reader opens the warehouse with :func:`include.warehouse.connect_read`: it never takes the write
lock, and the DAG's dbt task or a loader may hold the file while a page renders. Marts are found
by table name in whatever schema dbt built them in; the ``raw`` schema is only read for the
manifest's batch figures (§10.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from include.warehouse import connect_read

__all__ = ["MartReader", "open_marts"]

Row = dict[str, Any]


class MartReader:
    """Rows of marts and raw audit tables from one read-only connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._schemas = self._table_schemas()

    def _table_schemas(self) -> dict[str, str]:
        """table name → schema of every non-raw table or view; ambiguous names raise."""
        found = self._con.execute(
            """
            select table_schema, table_name
            from information_schema.tables
            where table_catalog = current_database()
              and table_schema not in ('raw', 'information_schema', 'pg_catalog')
            order by table_schema, table_name
            """
        ).fetchall()
        schemas: dict[str, str] = {}
        for schema, name in found:
            if name in schemas:
                raise RuntimeError(
                    f"table {name} exists in schemas {schemas[name]} and {schema}: drop the stale "
                    "copy (e.g. rebuild the warehouse) so the reports read one mart"
                )
            schemas[name] = schema
        return schemas

    def tables(self) -> frozenset[str]:
        """Names of every table and view outside ``raw`` (marts, staging, seeds)."""
        return frozenset(self._schemas)

    def has(self, mart: str) -> bool:
        return mart in self._schemas

    def _qualified(self, mart: str) -> str:
        if mart not in self._schemas:
            raise LookupError(f"mart {mart} is not in the warehouse: run `dbt build` (or `finops build`)")
        return f'"{self._schemas[mart]}"."{mart}"'

    def columns(self, mart: str) -> list[str]:
        """Column names of a mart, in table order."""
        return [d[0] for d in self._con.execute(f"select * from {self._qualified(mart)} limit 0").description]

    def rows(self, mart: str, where: dict[str, Any] | None = None) -> list[Row]:
        """Every row of a mart (optionally filtered by equality on columns), as dictionaries.

        Marts hold complete, ordered results (§1.10), but tables carry no row order of their own:
        a mart with a ``rank`` column is returned in rank order, others in the order of all their
        columns, so a page is the same on every build.
        """
        columns = self.columns(mart)
        params: list[Any] = []
        clause = ""
        if where:
            unknown = sorted(set(where) - set(columns))
            if unknown:
                raise LookupError(f"mart {mart} has no column(s) {unknown}; it has {columns}")
            clause = " where " + " and ".join(f'"{name}" = ?' for name in where)
            params = list(where.values())
        order_keys = ["rank", *columns] if "rank" in columns else columns
        order = ", ".join(f'"{name}"' for name in order_keys)
        cursor = self._con.execute(f"select * from {self._qualified(mart)}{clause} order by {order}", params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def raw_table_exists(self, name: str) -> bool:
        return bool(
            self._con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'raw' and table_name = ?",
                [name],
            ).fetchone()[0]
        )

    def query(self, sql: str, params: list[Any] | None = None) -> list[Row]:
        """Rows of a fixed read-only query (used for the manifest's raw.batches totals)."""
        cursor = self._con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


@contextmanager
def open_marts(warehouse_path: Path) -> Iterator[MartReader]:
    """A :class:`MartReader` over a read-only connection that is always closed."""
    with connect_read(warehouse_path) as con:
        yield MartReader(con)
