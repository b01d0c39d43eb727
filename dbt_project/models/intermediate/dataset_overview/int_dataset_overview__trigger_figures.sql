-- One row with every figure the §6.9 recommendation triggers compare, read from the
-- dataset_overview marts: top provider, feature and tier (and the runner-up tier), region spread, average cost, p99,
-- quarantine share and top reason, drifting customers. NULL figures on empty input.
{{ config(materialized='table', tags=['dataset_overview']) }}

with

summary as (

    select * from {{ ref('rpt_dataset_overview__summary') }}

),

distributions as (

    select * from {{ ref('rpt_dataset_overview__distributions') }}

),

quality as (

    select * from {{ ref('rpt_dataset_overview__quality') }}

),

ranked_regions as (

    select
        value,
        call_pct,
        row_number() over (order by calls desc, value asc) as largest_rank,
        row_number() over (order by calls asc, value asc) as smallest_rank
    from distributions
    where dimension = 'region'

),

top_values as (

    select
        max(case when dimension = 'provider' then value end) as top_provider,
        max(case when dimension = 'provider' then call_pct end) as top_provider_pct,
        max(case when dimension = 'feature' then value end) as top_feature,
        max(case when dimension = 'feature' then call_pct end) as top_feature_pct,
        max(case when dimension = 'subscription_tier' then value end) as top_tier,
        max(case when dimension = 'subscription_tier' then call_pct end) as top_tier_pct
    from distributions
    where rank = 1

),

-- starter_heavy_mix compares the top tier's share with the runner-up's (0 when only one tier
-- has calls): the figure the rule's "most calls" is measured against.
runner_up as (

    select coalesce(max(call_pct), 0) as runner_up_tier_pct
    from distributions
    where dimension = 'subscription_tier' and rank = 2

),

region_spread as (

    select
        max(case when largest_rank = 1 then value end) as largest_region,
        max(case when largest_rank = 1 then call_pct end) as largest_region_pct,
        max(case when smallest_rank = 1 then value end) as smallest_region,
        max(case when smallest_rank = 1 then call_pct end) as smallest_region_pct
    from ranked_regions

),

quality_figures as (

    select
        max(case when check_name = 'quarantined_pct' then value end) as quarantined_pct,
        max(case when check_name = 'rows_quarantined' then value end) as rows_quarantined,
        max(case when check_name = 'attribute_drift_customers' then value end) as drifting_customers
    from quality

),

reasons as (

    select
        detail as reason,
        row_number() over (order by value desc, detail asc) as reason_rank
    from quality
    where check_group = 'quarantine_reason'

),

final as (

    select
        top_values.*,
        case when top_values.top_tier is not null then runner_up.runner_up_tier_pct end
            as runner_up_tier_pct,
        region_spread.*,
        region_spread.largest_region_pct - region_spread.smallest_region_pct as region_spread_pp,
        summary.avg_cost_per_call,
        summary.p99_latency_ms,
        quality_figures.*,
        reasons.reason as top_quarantine_reason
    from summary
    cross join top_values
    cross join runner_up
    cross join region_spread
    cross join quality_figures
    left join reasons on reasons.reason_rank = 1

)

select * from final
