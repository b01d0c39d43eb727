-- §7.2 invariants, relative tolerance 1e-9: a workflow's cost is Σ own cost of its calls (never
-- Σ inclusive); the inclusive cost (and tokens) of its roots sum to the own cost (tokens) of its
-- reachable calls, so nothing is counted twice; the critical path's steps sum to its cost.
-- Returns the disagreeing workflows.
{{ config(tags=['agents']) }}

with

tree as (

    select * from {{ ref('rpt_agents__call_tree') }}

),

per_workflow as (

    select
        workflow_id,
        sum(own_cost_usd) as own_cost_usd,
        sum(case when depth is not null then own_cost_usd else 0 end) as reachable_cost_usd,
        sum(case when depth is not null then own_tokens else 0 end) as reachable_tokens,
        sum(case when depth = 1 then inclusive_cost_usd else 0 end) as root_inclusive_cost_usd,
        sum(case when depth = 1 then inclusive_tokens else 0 end) as root_inclusive_tokens
    from tree
    group by workflow_id

),

path_steps as (

    select
        workflow_id,
        sum(cost_usd) as step_cost_usd,
        max(path_cost_usd) as path_cost_usd
    from {{ ref('rpt_agents__critical_path') }}
    group by workflow_id

),

checks as (

    select 'workflow cost' as figure, executions.workflow_id, executions.cost_usd as mart_value,
        coalesce(per_workflow.own_cost_usd, 0) as expected
    from {{ ref('rpt_agents__workflow_executions') }} as executions
    left join per_workflow on executions.workflow_id = per_workflow.workflow_id
    union all
    select 'root inclusive cost', workflow_id, root_inclusive_cost_usd, reachable_cost_usd
    from per_workflow
    union all
    select 'root inclusive tokens', workflow_id, root_inclusive_tokens, reachable_tokens
    from per_workflow
    union all
    select 'critical path steps', workflow_id, step_cost_usd, path_cost_usd
    from path_steps

)

select * from checks
where abs(mart_value - expected) > 1e-9 * greatest(abs(mart_value), abs(expected), 1e-12)
