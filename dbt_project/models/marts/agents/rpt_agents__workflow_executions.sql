-- §7.1 workflow_executions: one row per execution (§2.4, implicit ones included) with its calls,
-- tokens, cost = Σ own cost of its calls (never Σ inclusive, §7.2), deepest chain level and
-- critical-path cost. Duration is NULL without an end.
with

workflows as (

    select * from {{ ref('int_agents__workflows') }}

),

calls as (

    select * from {{ ref('int_agents__calls') }}
    where workflow_id is not null

),

walk as (

    select * from {{ ref('int_agents__chain_walk') }}

),

leaves as (

    select * from {{ ref('int_agents__critical_leaves') }}

),

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

per_workflow as (

    select
        workflow_id,
        count(*) as calls,
        sum(total_tokens) as total_tokens,
        sum(cost_usd) as cost_usd,
        count(*) filter (where not is_success) as failed_calls
    from calls
    group by workflow_id

),

depths as (

    select
        workflow_id,
        max(depth) as max_depth
    from walk
    group by workflow_id

),

issues as (

    select
        links.workflow_id,
        count(*) as chain_issue_count
    from links
    left join walk on links.call_id = walk.call_id
    where links.link_issue is not null or walk.call_id is null
    group by links.workflow_id

),

final as (

    select
        workflows.workflow_id,
        workflows.workflow_name,
        workflows.organization_id,
        workflows.customer_id,
        workflows.user_id,
        workflows.session_id,
        workflows.started_at,
        workflows.ended_at,
        {{ seconds_between('workflows.started_at', 'workflows.ended_at') }} as duration_seconds,
        workflows.status,
        workflows.is_implicit,
        workflows.failure_error_type,
        coalesce(per_workflow.calls, 0) as calls,
        coalesce(per_workflow.failed_calls, 0) as failed_calls,
        cast(coalesce(per_workflow.total_tokens, 0) as {{ dbt.type_bigint() }}) as total_tokens,
        coalesce(per_workflow.cost_usd, 0) as cost_usd,
        depths.max_depth,
        leaves.path_cost_usd as critical_path_cost_usd,
        leaves.path_tokens as critical_path_tokens,
        coalesce(issues.chain_issue_count, 0) as chain_issue_count
    from workflows
    left join per_workflow on workflows.workflow_id = per_workflow.workflow_id
    left join depths on workflows.workflow_id = depths.workflow_id
    left join leaves on workflows.workflow_id = leaves.workflow_id
    left join issues on workflows.workflow_id = issues.workflow_id

)

select * from final
