-- The figures the analysis-wide §6.11 triggers read, in one row: balance, the regions whose p95
-- exceeds the SLA (all of them, listed), the model with the top regional cost variance and the
-- region issues.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_geographic_latency__summary') }}

),

regions as (

    select * from {{ ref('rpt_geographic_latency__by_region') }}

),

variance as (

    select * from {{ ref('rpt_geographic_latency__regional_cost_variance') }}

),

issues as (

    select * from {{ ref('rpt_geographic_latency__issues') }}

),

slow_regions as (

    select
        count(*) as sla_regions,
        {{ dbt.listagg(
            dbt.concat(['region', "' ('", fmt_ms('p95_latency_ms'), "')'"]),
            "', '",
            'order by p95_latency_ms desc, region',
        ) }} as sla_region_list
    from regions
    where p95_latency_ms > {{ threshold('sla_latency_ms') }}

),

top_variance as (

    select
        *,
        row_number() over (order by variance_pct desc, provider, model) as variance_rank
    from variance
    where variance_pct is not null

),

issue_list as (

    select
        count(*) as issues,
        count(distinct region) as issue_regions,
        {{ dbt.listagg(dbt.concat(['region', "' '", 'issue']), "', '", 'order by region, issue') }} as issue_list
    from issues

),

final as (

    select
        summary.regions,
        summary.balance_score,
        summary.most_used_region,
        summary.most_used_calls,
        summary.least_used_region,
        summary.least_used_calls,
        slow_regions.sla_regions,
        slow_regions.sla_region_list,
        top_variance.model_key as top_variance_model_key,
        top_variance.variance_pct as top_variance_pct,
        top_variance.cheapest_region as top_variance_cheapest_region,
        top_variance.cheapest_cost_per_1k as top_variance_cheapest_cost_per_1k,
        top_variance.dearest_region as top_variance_dearest_region,
        top_variance.dearest_cost_per_1k as top_variance_dearest_cost_per_1k,
        issue_list.issues,
        issue_list.issue_regions,
        issue_list.issue_list
    from summary
    cross join slow_regions
    cross join issue_list
    left join top_variance on top_variance.variance_rank = 1

)

select * from final
