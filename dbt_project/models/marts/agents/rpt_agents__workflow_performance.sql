-- §7.1 workflow_performance: per (organization, workflow name) over the whole window. success_rate
-- = succeeded ÷ (succeeded + failed), incomplete executions counted apart (§2.4); duration figures
-- over executions with an end; failed_cost = Σ cost of the failed executions.
with

executions as (

    select * from {{ ref('rpt_agents__workflow_executions') }}

),

per_name as (

    select
        organization_id,
        workflow_name,
        count(*) as total_executions,
        count(*) filter (where status = 'succeeded') as successful,
        count(*) filter (where status = 'failed') as failed,
        count(*) filter (where status = 'incomplete') as incomplete,
        sum(cost_usd) as total_cost_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        cast(sum(calls) as {{ dbt.type_bigint() }}) as total_calls,
        avg(duration_seconds) as avg_duration_seconds,
        {{ percentile_cont('duration_seconds', 0.95) }} as p95_duration_seconds,
        count(duration_seconds) as executions_with_end,
        coalesce(sum(case when status = 'failed' then cost_usd end), 0) as failed_cost_usd
    from executions
    group by organization_id, workflow_name

),

final as (

    select
        organization_id,
        workflow_name,
        total_executions,
        successful,
        failed,
        incomplete,
        {{ safe_ratio('successful', 'successful + failed') }} as success_rate,
        total_cost_usd,
        {{ safe_ratio('total_cost_usd', 'total_executions') }} as avg_cost_per_execution,
        total_tokens,
        {{ safe_ratio('total_tokens', 'total_executions') }} as avg_tokens_per_execution,
        total_calls,
        {{ safe_ratio('total_calls', 'total_executions') }} as avg_calls_per_execution,
        avg_duration_seconds,
        p95_duration_seconds,
        executions_with_end,
        failed_cost_usd
    from per_name

)

select * from final
