-- §7.1 model_daily: every call of the organization per (organization, UTC date, provider, model),
-- the same additive columns as usage_daily.
with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

final as (

    {{ agents_daily_usage('calls', []) }}

)

select * from final
