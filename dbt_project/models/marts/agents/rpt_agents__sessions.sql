-- §7.1 sessions: every session (§2.5) with its calls, tokens and cost, and the workflow
-- executions in it (by the execution's session, else by its calls' session) and how many failed.
with

sessions as (

    select * from {{ ref('int_agents__sessions') }}

),

session_calls as (

    select * from {{ ref('int_agents__session_calls') }}

),

calls as (

    select * from {{ ref('int_agents__calls') }}

),

executions as (

    select * from {{ ref('int_agents__workflows') }}

),

usage as (

    select
        session_calls.session_id,
        count(*) as calls,
        sum(calls.total_tokens) as total_tokens,
        sum(calls.cost_usd) as total_cost_usd
    from session_calls
    inner join calls on session_calls.call_id = calls.call_id
    group by session_calls.session_id

),

session_workflows as (

    select session_id, workflow_id
    from executions
    where session_id is not null
    union
    select session_calls.session_id, calls.workflow_id
    from session_calls
    inner join calls on session_calls.call_id = calls.call_id
    where calls.workflow_id is not null

),

workflow_counts as (

    select
        session_workflows.session_id,
        count(*) as workflow_count,
        count(*) filter (where executions.status = 'failed') as failed_workflows
    from session_workflows
    inner join executions on session_workflows.workflow_id = executions.workflow_id
    group by session_workflows.session_id

),

final as (

    select
        sessions.session_id,
        sessions.user_id,
        sessions.customer_id,
        sessions.organization_id,
        sessions.session_source,
        sessions.started_at,
        sessions.ended_at,
        {{ seconds_between('sessions.started_at', 'sessions.ended_at') }} as duration_seconds,
        coalesce(usage.calls, 0) as calls,
        cast(coalesce(usage.total_tokens, 0) as {{ dbt.type_bigint() }}) as total_tokens,
        coalesce(usage.total_cost_usd, 0) as total_cost_usd,
        coalesce(workflow_counts.workflow_count, 0) as workflow_count,
        coalesce(workflow_counts.failed_workflows, 0) as failed_workflows
    from sessions
    left join usage on sessions.session_id = usage.session_id
    left join workflow_counts on sessions.session_id = workflow_counts.session_id

)

select * from final
