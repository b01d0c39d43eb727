"""The trigger form of ``finops_pipeline``: Airflow Params with types, bounds and descriptions.

Params are validated by Airflow with JSON Schema before a run is created, so a bad value is
refused in the form (or by ``airflow dags test -c``) with a message, not half way through a run.
The defaults follow the simulator's parameters (catalogue §5.1).
"""

from __future__ import annotations

from airflow.sdk import Param

from include.pipeline import SCENARIO_IDS
from simulator.constants import DEFAULT_SIZE_MB

MAX_ROWS = 50_000_000
MAX_SIZE_MB = 8_192.0

ISO_DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$"

SIZE = "Size"
WINDOW = "Time window"
TRAFFIC = "Traffic"
DATA = "Existing data"


def pipeline_params() -> dict[str, Param]:
    """A fresh set of Params for the DAG (each DAG gets its own Param objects)."""
    return {
        "rows": Param(
            None,
            type=["null", "integer"],
            minimum=1,
            maximum=MAX_ROWS,
            title="Rows",
            description="Exact number of simulated calls. When set, it overrides size_mb.",
            section=SIZE,
        ),
        "size_mb": Param(
            DEFAULT_SIZE_MB,
            type=["null", "number"],
            exclusiveMinimum=0,
            maximum=MAX_SIZE_MB,
            title="Size (MB)",
            description=(
                "Target size in MB of the compact 19-column layout; rows = floor(size_mb × 1,048,576 ÷ 170)"
                " (50 MB → 308,404 rows). Ignored when rows is set."
            ),
            section=SIZE,
        ),
        "window_end": Param(
            None,
            type=["null", "string"],
            format="date-time",
            # JSON Schema formats are not enforced without extra packages: the pattern is.
            pattern=ISO_DATETIME_PATTERN,
            title="Window end (UTC, exclusive)",
            description=(
                "End of the simulated window, e.g. 2026-01-01T00:00:00Z. Empty: the run's data interval"
                " end for scheduled and backfill runs, else FINOPS_WINDOW_END (default 2026-01-01)."
                " Never the wall clock, so a rerun reproduces the same data."
            ),
            section=WINDOW,
        ),
        "window_days": Param(
            7,
            type="integer",
            minimum=1,
            maximum=366,
            title="Window days",
            description="Length of the simulated window in days: [window_end − days, window_end).",
            section=WINDOW,
        ),
        "seed": Param(
            42,
            type="integer",
            minimum=0,
            maximum=2**31 - 1,
            title="Random seed",
            description="The only source of randomness: the same parameters give identical data.",
            section=TRAFFIC,
        ),
        "scenarios": Param(
            list(SCENARIO_IDS),
            type="array",
            items={"type": "string", "enum": list(SCENARIO_IDS)},
            examples=list(SCENARIO_IDS),
            minItems=1,
            uniqueItems=True,
            title="Scenarios",
            description="Traffic streams to include (catalogue §5.4); at least one.",
            section=TRAFFIC,
        ),
        "replace_simulated": Param(
            True,
            type="boolean",
            title="Replace earlier simulated data",
            description=(
                "True: drop every simulator batch in the warehouse that this run did not produce, so"
                " the reports show exactly this simulation. False: keep them (imported data is never"
                " dropped)."
            ),
            section=DATA,
        ),
    }
