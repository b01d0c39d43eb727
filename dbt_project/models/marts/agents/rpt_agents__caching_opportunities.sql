-- §7.1 caching_opportunities: every (organization, provider, model, prompt_hash) with at least
-- one repeat call (§7.3): its successful calls, repeats, first and last use, cost, and the
-- potential saving = Σ cost of its repeat calls. is_top_opportunity marks the groups whose saving
-- exceeds `caching_min_savings_usd` (the "top caching opportunities" view).
with

repeat_calls as (

    select * from {{ ref('int_agents__repeat_calls') }}

),

groups as (

    select
        organization_id,
        provider,
        model,
        prompt_hash,
        count(*) as successful_calls,
        count(*) filter (where is_repeat) as repeat_calls,
        min("timestamp") as first_seen_at,
        max("timestamp") as last_seen_at,
        sum(cost_usd) as total_cost_usd,
        sum(case when is_repeat then cost_usd else 0 end) as potential_savings_usd
    from repeat_calls
    group by organization_id, provider, model, prompt_hash

),

final as (

    select
        *,
        potential_savings_usd > {{ threshold('caching_min_savings_usd') }} as is_top_opportunity
    from groups
    where repeat_calls > 0

)

select * from final
