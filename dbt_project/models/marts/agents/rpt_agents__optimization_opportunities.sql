-- §7.1 / §7.3 optimization_opportunities: the opportunities listed for each organization over the
-- whole window (period `all`), with priority, the entity, current (or wasted) cost, count, the
-- suggested model, the potential saving and the recommendation text. The dashboard carries the
-- same figures for the 7d, 30d and 90d periods.
with

opportunities as (

    select * from {{ ref('int_agents__opportunities') }}
    where period = 'all'

),

final as (

    select
        organization_id,
        type,
        entity_id,
        priority,
        entity_type,
        case when entity_type = 'agent' then entity_id end as agent_name,
        case when entity_type = 'model' then entity_id end as model,
        count,
        current_cost_usd,
        case when type = 'failed_workflows' then current_cost_usd end as wasted_cost_usd,
        target_model,
        potential_savings_usd,
        organization_cost_usd,
        savings_share_pct,
        metric_name,
        metric_value,
        threshold_name,
        threshold_value,
        recommendation
    from opportunities

)

select * from final
