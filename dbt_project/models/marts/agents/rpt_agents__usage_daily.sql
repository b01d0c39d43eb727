-- §7.1 usage_daily: calls with an agent_name per (organization, UTC date, agent, provider, model);
-- additive columns only, so the agents endpoint sums it over any period of days.
with

calls as (

    select * from {{ ref('int_agents__calls') }}
    where agent_name is not null

),

final as (

    {{ agents_daily_usage('calls', ['agent_name']) }}

)

select * from final
