-- Companion of §7.1 dashboard: every agent and model of each organization and period ranked by
-- cost (desc, then name), with calls and cost; the dashboard's top agents and top models are the
-- first ranks (marts hold complete results, the top N is the reader's choice, §1.1).
with

calls as (

    select * from {{ ref('int_agents__period_calls') }}

),

grouped as (

    select organization_id, period, 'agent' as kind, agent_name as name, count(*) as calls, sum(cost_usd) as cost_usd
    from calls
    where agent_name is not null
    group by organization_id, period, agent_name

    union all

    select organization_id, period, 'model', model, count(*), sum(cost_usd)
    from calls
    group by organization_id, period, model

),

final as (

    select
        organization_id,
        period,
        kind,
        row_number() over (
            partition by organization_id, period, kind order by cost_usd desc, name
        ) as rank,
        name,
        calls,
        cost_usd
    from grouped

)

select * from final
