-- §7.3 every candidate opportunity per organization and period with the figure its condition
-- reads and whether the condition holds: expensive_agent (share of the organization's agent-call
-- cost ≥ expensive_agent_share_pct), expensive_model (frontier or balanced, share of the
-- organization's cost ≥ expensive_model_share_pct), failed_workflows (≥ agents_failed_workflows_min_executions failed executions),
-- caching (≥ agents_caching_min_repeat_calls repeat calls), low_success_agent (success rate < agent_success_rate_min with
-- ≥ min_calls_for_ranking calls). NULL figures never hold (§1.7).
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__period_calls') }}

),

failed_executions as (

    select workflow_id from {{ ref('int_agents__workflows') }}
    where status = 'failed'

),

organizations as (

    select
        organization_id,
        period,
        sum(cost_usd) as organization_cost_usd,
        sum(case when agent_name is not null then cost_usd else 0 end) as agent_cost_usd
    from calls
    group by organization_id, period

),

agents as (

    select
        organization_id, period, agent_name,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        {{ safe_ratio('count(*) filter (where is_success)', 'count(*)') }} as success_rate,
        coalesce(sum(case when not is_success then cost_usd end), 0) as failed_cost_usd
    from calls
    where agent_name is not null
    group by organization_id, period, agent_name

),

models as (

    select
        organization_id, period, model,
        count(*) as calls,
        sum(cost_usd) as cost_usd,
        bool_or(capability_class in ('frontier', 'balanced')) as is_frontier_or_balanced
    from calls
    group by organization_id, period, model

),

organization_events as (

    select
        organization_id, period,
        count(distinct case when workflow_id in (select workflow_id from failed_executions) then workflow_id end)
            as failed_executions,
        coalesce(sum(case when workflow_id in (select workflow_id from failed_executions) then cost_usd end), 0)
            as failed_cost_usd,
        count(*) filter (where is_repeat) as repeat_calls,
        coalesce(sum(case when is_repeat then cost_usd end), 0) as repeat_cost_usd
    from calls
    group by organization_id, period

),

candidates as (

    select
        agents.organization_id, agents.period, 'expensive_agent' as type, 'agent' as entity_type,
        agents.agent_name as entity_id, agents.calls as count, agents.cost_usd as current_cost_usd,
        'agent_cost_share_pct' as metric_name,
        {{ safe_pct('agents.cost_usd', 'organizations.agent_cost_usd') }} as metric_value,
        'expensive_agent_share_pct' as threshold_name,
        {{ threshold('expensive_agent_share_pct') }} as threshold_value,
        organizations.organization_cost_usd
    from agents
    inner join organizations on agents.organization_id = organizations.organization_id and agents.period = organizations.period

    union all

    select
        models.organization_id, models.period, 'expensive_model', 'model', models.model, models.calls, models.cost_usd,
        'model_cost_share_pct',
        case when models.is_frontier_or_balanced then {{ safe_pct('models.cost_usd', 'organizations.organization_cost_usd') }} end,
        'expensive_model_share_pct', {{ threshold('expensive_model_share_pct') }}, organizations.organization_cost_usd
    from models
    inner join organizations on models.organization_id = organizations.organization_id and models.period = organizations.period

    union all

    select
        events.organization_id, events.period, 'failed_workflows', 'organization', events.organization_id,
        events.failed_executions, events.failed_cost_usd, 'failed_executions', events.failed_executions,
        'agents_failed_workflows_min_executions', {{ threshold('agents_failed_workflows_min_executions') }}, organizations.organization_cost_usd
    from organization_events as events
    inner join organizations on events.organization_id = organizations.organization_id and events.period = organizations.period

    union all

    select
        events.organization_id, events.period, 'caching', 'organization', events.organization_id,
        events.repeat_calls, events.repeat_cost_usd, 'repeat_calls', events.repeat_calls,
        'agents_caching_min_repeat_calls', {{ threshold('agents_caching_min_repeat_calls') }}, organizations.organization_cost_usd
    from organization_events as events
    inner join organizations on events.organization_id = organizations.organization_id and events.period = organizations.period

    union all

    select
        agents.organization_id, agents.period, 'low_success_agent', 'agent', agents.agent_name, agents.calls,
        agents.cost_usd, 'success_rate', case when agents.calls >= {{ threshold('min_calls_for_ranking') }} then agents.success_rate end,
        'agent_success_rate_min', {{ threshold('agent_success_rate_min') }}, organizations.organization_cost_usd
    from agents
    inner join organizations on agents.organization_id = organizations.organization_id and agents.period = organizations.period

),

final as (

    select
        *,
        coalesce(case type
            when 'low_success_agent' then metric_value < threshold_value
            else metric_value >= threshold_value
        end, false) as condition_holds
    from candidates

)

select * from final
