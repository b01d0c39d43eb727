-- §7.1 agent_performance: per (organization, agent) over the whole window: calls, success rate,
-- mean and p95 latency of measured calls (§1.2, §1.6), cost, cost per call and the models used.
with

calls as (

    select * from {{ ref('int_agents__calls') }}
    where agent_name is not null

),

agent_models as (

    select distinct organization_id, agent_name, model
    from calls

),

models_used as (

    select
        organization_id,
        agent_name,
        {{ dbt.listagg('model', "', '", 'order by model') }} as models_used
    from agent_models
    group by organization_id, agent_name

),

per_agent as (

    select
        organization_id,
        agent_name,
        count(*) as calls,
        count(*) filter (where is_success) as successful_calls,
        avg(measured_latency_ms) as avg_latency_ms,
        {{ percentile_cont('measured_latency_ms', 0.95) }} as p95_latency_ms,
        count(measured_latency_ms) as latency_count,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        sum(cost_usd) as cost_usd
    from calls
    group by organization_id, agent_name

),

final as (

    select
        per_agent.organization_id,
        per_agent.agent_name,
        per_agent.calls,
        per_agent.successful_calls,
        {{ safe_ratio('per_agent.successful_calls', 'per_agent.calls') }} as success_rate,
        per_agent.avg_latency_ms,
        per_agent.p95_latency_ms,
        per_agent.latency_count,
        per_agent.total_tokens,
        per_agent.cost_usd,
        {{ safe_ratio('per_agent.cost_usd', 'per_agent.calls') }} as avg_cost_per_call,
        models_used.models_used
    from per_agent
    inner join models_used
        on
            per_agent.organization_id = models_used.organization_id
            and per_agent.agent_name = models_used.agent_name

)

select * from final
