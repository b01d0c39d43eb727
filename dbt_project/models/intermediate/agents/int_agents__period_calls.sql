-- Every call in every §7.4 period of its organization, with what the §7.3 rules read: the
-- downshift target and the saving of re-pricing the call on it (successful calls of a model with
-- a target, never below 0: a failed call is billed by its error type, §2.2) and the repeat flag.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

periods as (

    select * from {{ ref('int_agents__periods') }}

),

repricing as (

    select * from {{ ref('int_call_repricing') }}

),

repeats as (

    select * from {{ ref('int_agents__repeat_calls') }}

),

final as (

    select
        periods.organization_id,
        periods.period,
        calls.call_id,
        calls.agent_name,
        calls.provider,
        calls.model,
        calls.capability_class,
        calls.workflow_id,
        calls.total_tokens,
        calls.cost_usd,
        calls.is_success,
        repricing.downshift_model,
        case
            when repricing.downshift_cost_usd is not null
                then greatest(calls.cost_usd - repricing.downshift_cost_usd, 0)
        end as downshift_saving_usd,
        coalesce(repeats.is_repeat, false) as is_repeat
    from calls
    inner join periods
        on
            calls.organization_id = periods.organization_id
            and (periods.period_start is null or calls."timestamp" > periods.period_start)
    left join repricing on calls.call_id = repricing.call_id
    left join repeats on calls.call_id = repeats.call_id

)

select * from final
