-- §7.1 dashboard: per organization and period (7d, 30d, 90d, all, ending at its latest call) the
-- §7.4 summary figures and the optimization totals: opportunities listed, their plain Σ saving
-- (total_potential_savings) and the deduplicated saving = Σ over calls of the largest saving any
-- listed opportunity attributes to the call (§7.3). Top agents and models: dashboard_rankings.
with

periods as (

    select * from {{ ref('int_agents__periods') }}

),

calls as (

    select * from {{ ref('int_agents__period_calls') }}

),

opportunities as (

    select * from {{ ref('int_agents__opportunities') }}

),

savings as (

    select * from {{ ref('int_agents__opportunity_savings') }}

),

summary as (

    select
        organization_id,
        period,
        count(*) as total_calls,
        sum(total_tokens) as total_tokens,
        sum(cost_usd) as total_cost_usd
    from calls
    group by organization_id, period

),

listed as (

    select
        organization_id,
        period,
        count(*) as opportunities_count,
        sum(potential_savings_usd) as potential_savings_usd
    from opportunities
    group by organization_id, period

),

largest_per_call as (

    select
        savings.organization_id,
        savings.period,
        savings.call_id,
        max(savings.saving_usd) as saving_usd
    from savings
    inner join opportunities
        on
            savings.organization_id = opportunities.organization_id and savings.period = opportunities.period
            and savings.type = opportunities.type and savings.entity_id = opportunities.entity_id
    group by savings.organization_id, savings.period, savings.call_id

),

deduplicated as (

    select organization_id, period, sum(saving_usd) as deduplicated_potential_savings_usd
    from largest_per_call
    group by organization_id, period

),

final as (

    select
        periods.organization_id,
        periods.period,
        periods.as_of,
        periods.period_start,
        summary.total_cost_usd,
        cast(summary.total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        summary.total_calls,
        {{ safe_ratio('summary.total_cost_usd', 'summary.total_calls') }} as avg_cost_per_call,
        coalesce(listed.opportunities_count, 0) as opportunities_count,
        coalesce(listed.potential_savings_usd, 0) as potential_savings_usd,
        coalesce(deduplicated.deduplicated_potential_savings_usd, 0) as deduplicated_potential_savings_usd
    from periods
    inner join summary on periods.organization_id = summary.organization_id and periods.period = summary.period
    left join listed on periods.organization_id = listed.organization_id and periods.period = listed.period
    left join deduplicated on periods.organization_id = deduplicated.organization_id and periods.period = deduplicated.period

)

select * from final
