"""
### FinOps pipeline: simulate → load → dbt → render → publish

Generates LLM API traffic with the simulator (catalogue §5), loads it into the DuckDB warehouse
with validation and quarantine (§3), builds every dbt model and its tests (one Airflow task per
model, its tests right after it), renders the static report site and publishes it.

**Trigger form.** Size (`rows`, or `size_mb` = 50 by default), the time window (`window_end`,
`window_days`), the random `seed`, the `scenarios` to include, and whether to replace earlier
simulated data. An empty `window_end` means the run's data interval end for scheduled and
backfill runs, else `FINOPS_WINDOW_END` (2026-01-01): the wall clock never decides the data, so a
rerun with the same parameters reproduces the same warehouse.

**Assets.** `finops_raw_calls` (with rows read / accepted / quarantined in its event metadata),
`finops_marts` and `finops_site`, so other DAGs can be scheduled on them.

**One writer.** Every task that opens the warehouse runs in the one-slot pool
`finops_warehouse` (created by setup), and only one run is active at a time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from airflow.sdk import dag, get_current_context, task
from cosmos import DbtTaskGroup

from include.airflow import assets, cosmos_config
from include.airflow.params import pipeline_params
from include.airflow.pool import WAREHOUSE_POOL


@dag(
    dag_id=Path(__file__).stem,
    dag_display_name="FinOps pipeline",
    description="Simulate LLM API traffic, load it into DuckDB, build the dbt marts, render the site",
    doc_md=__doc__,
    schedule=None,
    start_date=datetime(2025, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args={"owner": "finops", "retries": 1, "retry_delay": timedelta(seconds=20)},
    params=pipeline_params(),
    tags=["finops", "simulator", "dbt", "reports"],
)
def finops_pipeline() -> None:
    @task
    def simulate() -> dict[str, Any]:
        """Write the simulated batches to the landing zone (files only; no warehouse access)."""
        from include import pipeline

        context = get_current_context()
        dag_run = context["dag_run"]
        request = pipeline.resolve_request(
            dict(context["params"]),
            run_type=str(getattr(dag_run.run_type, "value", dag_run.run_type)),
            data_interval_end=context.get("data_interval_end"),
        )
        manifest = pipeline.simulate(request)
        return {"request": request.to_dict(), "manifest": manifest}

    @task(outlets=[assets.RAW_CALLS], pool=WAREHOUSE_POOL)
    def load_raw(simulation: dict[str, Any]) -> dict[str, Any]:
        """Validate and load the batches into raw.*; the Asset event carries the reconciliation."""
        from include import pipeline

        summary = pipeline.load(
            simulation["manifest"], replace_simulated=simulation["request"]["replace_simulated"]
        )
        get_current_context()["outlet_events"][assets.RAW_CALLS].extra = summary
        return summary

    dbt = cosmos_config.producer_first(
        DbtTaskGroup(
            group_id="dbt",
            project_config=cosmos_config.project_config(),
            profile_config=cosmos_config.profile_config(),
            execution_config=cosmos_config.execution_config(),
            render_config=cosmos_config.render_config(),
            operator_args=cosmos_config.operator_args(),
        )
    )

    @task(outlets=[assets.MARTS], pool=WAREHOUSE_POOL)
    def marts_built() -> dict[str, Any]:
        """Record the built marts (tables and row counts) as the ``finops_marts`` Asset event and
        refresh the analytics API's serving snapshot from them."""
        from include import pipeline

        summary = pipeline.marts_summary()
        summary["api_snapshot"] = str(pipeline.refresh_api_snapshot())
        get_current_context()["outlet_events"][assets.MARTS].extra = summary
        return summary

    @task(outlets=[assets.SITE], pool=WAREHOUSE_POOL)
    def render_site(simulation: dict[str, Any], load_summary: dict[str, Any]) -> str:
        """Render the static site from the marts, with this run's parameters and dbt results."""
        from include import pipeline
        from include.airflow.dbt_results import results_dir

        context = get_current_context()
        run_dir = results_dir(context["run_id"])
        results = pipeline.merge_run_results(
            list(run_dir.glob("*.json")), run_dir / "merged" / "run_results.json"
        )
        index = pipeline.render(
            run_info={
                "dag_id": context["dag"].dag_id,
                "run_id": context["run_id"],
                "request": simulation["request"],
                "params": simulation["manifest"].get("parameters"),
                "simulator_run_id": simulation["manifest"].get("run_id"),
                "load": load_summary,
            },
            results_path=results,
        )
        context["outlet_events"][assets.SITE].extra = {"index_html": str(index)}
        return str(index)

    @task
    def publish(index_html: str) -> str:
        """Copy the site to FINOPS_PUBLISH_DIR (or push it to FINOPS_PUBLISH_GIT_REMOTE)."""
        from include.publish import publish_site

        return str(publish_site(Path(index_html).parent))

    simulation = simulate()
    loaded = load_raw(simulation)
    marts = marts_built()
    loaded >> dbt >> marts
    site = render_site(simulation, loaded)
    marts >> site
    publish(site)


finops_pipeline()
