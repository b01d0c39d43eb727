-- §7.3 the saving every candidate opportunity attributes to each call, per organization and
-- period (only calls with a positive saving): expensive_agent and expensive_model re-price on the
-- downshift target (frontier/balanced calls of the agent; calls of the model under
-- simple_call_max_tokens), failed_workflows the calls of failed executions, caching the repeat
-- calls, low_success_agent the failed calls. Conditions are applied in int_agents__opportunities;
-- the deduplicated total takes each call's largest saving over the listed opportunities.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__period_calls') }}

),

failed_executions as (

    select workflow_id from {{ ref('int_agents__workflows') }}
    where status = 'failed'

),

savings as (

    select organization_id, period, 'expensive_agent' as type, agent_name as entity_id, call_id,
        downshift_saving_usd as saving_usd, downshift_model as target_model
    from calls
    where agent_name is not null and capability_class in ('frontier', 'balanced')

    union all

    select organization_id, period, 'expensive_model', model, call_id,
        downshift_saving_usd, downshift_model
    from calls
    where capability_class in ('frontier', 'balanced')
        and total_tokens < {{ threshold('simple_call_max_tokens') }}

    union all

    select organization_id, period, 'failed_workflows', organization_id, call_id, cost_usd, null
    from calls
    where workflow_id in (select failed_executions.workflow_id from failed_executions)

    union all

    select organization_id, period, 'caching', organization_id, call_id, cost_usd, null
    from calls
    where is_repeat

    union all

    select organization_id, period, 'low_success_agent', agent_name, call_id, cost_usd, null
    from calls
    where agent_name is not null and not is_success

)

select * from savings
where saving_usd > 0
