"""Suite-wide setup: Airflow runs against a throw-away home, never ~/airflow or data/airflow.

Airflow reads ``AIRFLOW_HOME`` once, when it is first imported, so it is set here, before any test
module imports it. The switches (telemetry off, the project's DAGs folder) come from
``include.airflow.environment``, the same place the scripts take them from.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from include.airflow.environment import airflow_environment

_AIRFLOW_HOME = tempfile.mkdtemp(prefix="finops-test-airflow-")
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ.update(airflow_environment(paths=False))
os.environ["AIRFLOW_HOME"] = _AIRFLOW_HOME
