"""The environment every Airflow process of the embedded setup runs with: one home for it.

``scripts/run``, ``scripts/test``, ``finops ui`` and the Airflow tests all take their variables
from :func:`airflow_environment`, so the CLI, the scheduler, the dag-processor and ``dag.test()``
agree on where the DAGs, the metadata DB and the warehouse are. Values already set in the
environment win (``setdefault`` semantics), except the two telemetry switches, which are always
off because this platform must work without internet.

Run ``python -m include.airflow.environment [--no-paths]`` to print the variables as shell
``export`` lines (the scripts ``eval`` them).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

from include.settings import PROJECT_ROOT, get_settings

DAGS_FOLDER = PROJECT_ROOT / "dags"
PATH_VARIABLES = ("FINOPS_DATA_DIR", "FINOPS_WAREHOUSE_PATH", "AIRFLOW_HOME")

# Always forced: Cosmos and dbt call home otherwise, and there is no internet here.
FORCED: dict[str, str] = {
    "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
}


def airflow_environment(*, paths: bool = True) -> dict[str, str]:
    """The variables to export for Airflow and dbt, given the current environment.

    ``paths=False`` leaves out the data paths (for the test command, whose tests choose their
    own temporary folders) and keeps the switches.

    Paths derive from :mod:`include.settings` (``FINOPS_DATA_DIR`` → warehouse, ``AIRFLOW_HOME``
    under it). ``FINOPS_WAREHOUSE_PATH`` is always absolute because Cosmos runs dbt from a copy
    of the project in a temporary folder, where the profile's relative default would point
    elsewhere.
    """
    settings = get_settings()
    defaults = {
        "FINOPS_DATA_DIR": str(settings.data_dir),
        "FINOPS_WAREHOUSE_PATH": str(settings.warehouse_path),
        "AIRFLOW_HOME": str(settings.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # Two cores: more parallel task processes only contend for the DuckDB pool slot.
        "AIRFLOW__CORE__PARALLELISM": "4",
        # Rendering ~250 Cosmos tasks takes 3–6 s idle but 30–50 s on a loaded 2-core machine,
        # past the 30 s / 50 s defaults, and a timed-out parse leaves the UI without the DAG.
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "180",
        "AIRFLOW__DAG_PROCESSOR__DAG_FILE_PROCESSOR_TIMEOUT": "240",
    }
    out = {key: os.environ.get(key, value) for key, value in defaults.items()}
    out.update(FORCED)
    if not paths:
        for key in PATH_VARIABLES:
            out.pop(key)
    return out


def apply(env: dict[str, str] | None = None) -> dict[str, str]:
    """Set :func:`airflow_environment` in ``os.environ`` (for in-process callers) and return it."""
    values = airflow_environment() if env is None else env
    os.environ.update(values)
    return values


def shell_exports(values: Mapping[str, str]) -> str:
    return "\n".join(f"export {key}={shlex.quote(value)}" for key, value in values.items())


if __name__ == "__main__":
    import sys

    print(shell_exports(airflow_environment(paths="--no-paths" not in sys.argv[1:])))
