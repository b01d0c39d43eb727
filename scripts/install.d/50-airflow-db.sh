#!/usr/bin/env bash
# Prepare the embedded Airflow: AIRFLOW_HOME under the data dir (data/airflow by default), its
# SQLite metadata DB migrated (`airflow db migrate`) and the one-slot DuckDB warehouse pool.
# Skipped when already done for this Airflow version (include/airflow/setup_db.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 900 .venv/bin/python -m include.airflow.setup_db
