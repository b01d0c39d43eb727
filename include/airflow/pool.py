"""The one-slot pool that serialises every task touching the DuckDB warehouse.

DuckDB allows one writing process per file, and a dbt-duckdb connection (even for ``dbt test``)
opens the file read-write; a reader also fails while another process holds the write lock.
Every warehouse task therefore runs in this pool, across all DAGs and runs. The pool is created
by setup (``python -m include.airflow.setup_db``); the scheduler does not run tasks of a pool
that does not exist.
"""

from __future__ import annotations

WAREHOUSE_POOL = "finops_warehouse"
WAREHOUSE_POOL_SLOTS = 1
WAREHOUSE_POOL_DESCRIPTION = "DuckDB warehouse: one writer at a time (see include/airflow/pool.py)"
