-- The figures the §6.2 recommendation triggers read, in one row: SLA compliance with the three
-- ranked models of lowest compliance, the best and worst efficiency among ranked models and
-- their ratio, and the slow-call share with the slowest ranked model by p95. NULLs never trigger.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_performance__summary') }}

),

models as (

    select * from {{ ref('rpt_performance__by_model') }}
    where is_ranked

),

lowest_compliance as (

    select
        {{ dbt.listagg(
            dbt.concat(["provider", "'/'", "model", "' ('", fmt_pct('sla_compliance_pct'), "')'"]),
            "', '",
            "order by sla_compliance_pct, provider, model",
        ) }} as lowest_compliance_models
    from (
        select
            *,
            row_number() over (order by sla_compliance_pct, provider, model) as compliance_rank
        from models
        where sla_compliance_pct is not null
    ) as ranked
    where compliance_rank <= {{ threshold('performance_sla_lowest_models') }}

),

efficiency as (

    select
        count(*) as efficiency_ranked_models,
        max(case when rank_efficiency = 1 then provider || '/' || model end) as best_efficiency_model,
        max(case when rank_efficiency = 1 then efficiency_score end) as best_efficiency_score,
        max(case when worst_rank = 1 then provider || '/' || model end) as worst_efficiency_model,
        max(case when worst_rank = 1 then efficiency_score end) as worst_efficiency_score
    from (
        select
            *,
            row_number() over (order by efficiency_score, provider, model) as worst_rank
        from models
        where efficiency_score is not null
    ) as scored

),

slowest as (

    select provider || '/' || model as slowest_model, p95_latency_ms as slowest_p95_latency_ms
    from (
        select
            *,
            row_number() over (order by p95_latency_ms desc, provider, model) as slow_rank
        from models
        where p95_latency_ms is not null
    ) as ranked
    where slow_rank = 1

),

final as (

    select
        summary.calls_measured,
        summary.sla_latency_ms,
        summary.sla_compliance_pct,
        lowest_compliance.lowest_compliance_models,
        efficiency.efficiency_ranked_models,
        efficiency.best_efficiency_model,
        efficiency.best_efficiency_score,
        efficiency.worst_efficiency_model,
        efficiency.worst_efficiency_score,
        efficiency.best_efficiency_score / nullif(efficiency.worst_efficiency_score, 0) as efficiency_ratio,
        summary.slow_calls,
        summary.slow_call_pct,
        slowest.slowest_model,
        slowest.slowest_p95_latency_ms
    from summary
    cross join lowest_compliance
    cross join efficiency
    left join slowest on true

)

select * from final
