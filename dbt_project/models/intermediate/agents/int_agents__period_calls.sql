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

enriched as (

    select
        calls.organization_id,
        calls."timestamp",
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
    left join repricing on calls.call_id = repricing.call_id
    left join repeats on calls.call_id = repeats.call_id

),

-- enrich the calls once, then copy them into their periods
final as (

    select
        periods.organization_id,
        periods.period,
        enriched.call_id,
        enriched.agent_name,
        enriched.provider,
        enriched.model,
        enriched.capability_class,
        enriched.workflow_id,
        enriched.total_tokens,
        enriched.cost_usd,
        enriched.is_success,
        enriched.downshift_model,
        enriched.downshift_saving_usd,
        enriched.is_repeat
    from enriched
    inner join periods
        on
            enriched.organization_id = periods.organization_id
            and (periods.period_start is null or enriched."timestamp" > periods.period_start)

)

select * from final
