-- §7.1 critical_path: the steps of each workflow's critical path (§7.2), root first; every row
-- repeats the path's Σ own cost and tokens.
with

leaves as (

    select * from {{ ref('int_agents__critical_leaves') }}

),

closure as (

    select * from {{ ref('int_agents__chain_closure') }}

),

walk as (

    select * from {{ ref('int_agents__chain_walk') }}

),

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

final as (

    select
        leaves.workflow_id,
        walk.depth as step,
        links.organization_id,
        links.call_id,
        links.agent_name,
        links.provider,
        links.model,
        links.cost_usd,
        links.total_tokens as tokens,
        leaves.path_steps,
        leaves.path_cost_usd,
        leaves.path_tokens
    from leaves
    inner join closure on leaves.leaf_call_id = closure.call_id
    inner join walk on closure.ancestor_call_id = walk.call_id
    inner join links on closure.ancestor_call_id = links.call_id

)

select * from final
