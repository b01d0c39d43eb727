#!/usr/bin/env bash
# Build dbt_project/target/manifest.json with `dbt parse`: the Airflow DAG renders its dbt task
# group from this manifest (Cosmos LoadMode.DBT_MANIFEST), so parsing the DAG runs no dbt.
# Also leaves target/partial_parse.msgpack, which Cosmos copies into every dbt task.
# Cheap to rerun (dbt's partial parsing); always rerun so the manifest follows the models.
set -euo pipefail
cd "$(dirname "$0")/../.."
eval "$(.venv/bin/python -m include.airflow.environment)"

timeout 600 .venv/bin/dbt parse --quiet --project-dir dbt_project --profiles-dir dbt_project
test -s dbt_project/target/manifest.json
echo "dbt manifest: dbt_project/target/manifest.json"
