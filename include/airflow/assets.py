"""The Assets the pipeline produces, so other DAGs can be scheduled on them.

URIs use the ``x-finops`` scheme: they name logical datasets of this platform (the warehouse
file's location depends on ``FINOPS_DATA_DIR``, which must not change an Asset's identity).
"""

from __future__ import annotations

from airflow.sdk import Asset

GROUP = "finops"

RAW_CALLS = Asset(
    name="finops_raw_calls",
    uri="x-finops://warehouse/raw/calls",
    group=GROUP,
    extra={"description": "raw.calls (and the other raw.* tables) after a validated, reconciled load"},
)
MARTS = Asset(
    name="finops_marts",
    uri="x-finops://warehouse/marts",
    group=GROUP,
    extra={"description": "the dbt marts (fct_*, dim_*, rpt_*) after a successful dbt build"},
)
SITE = Asset(
    name="finops_site",
    uri="x-finops://site/index.html",
    group=GROUP,
    extra={"description": "the rendered static report site"},
)

ALL = (RAW_CALLS, MARTS, SITE)
