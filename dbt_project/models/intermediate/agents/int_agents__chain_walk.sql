-- §7.2 traversal: a recursive walk from every root down valid links, bounded by the
-- `chain_depth_limit` threshold. A root has depth 1, a child its parent's depth + 1. Each node
-- has one parent, so every reachable node is met exactly once; nodes on or under a cycle are never
-- met (no root leads to them) and the depth bound stops any other input, so no input can loop.
-- Carries the path from the root (call ids joined by ' > '), the Σ own cost and tokens along it,
-- and path_key: the zero-padded sibling positions along the path, whose text order is the
-- lexicographic order of the paths' (timestamp, call_id) sequences.
{{ config(materialized='table') }}

with recursive

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

walk as (

    select
        call_id,
        workflow_id,
        call_id as root_call_id,
        1 as depth,
        cast(call_id as {{ dbt.type_string() }}) as path,
        cast({{ zero_padded('sibling_order') }} as {{ dbt.type_string() }}) as path_key,
        cast(cost_usd as {{ type_double() }}) as path_cost_usd,
        cast(total_tokens as {{ dbt.type_bigint() }}) as path_tokens
    from links
    where tree_parent_call_id is null

    union all

    select
        child.call_id,
        child.workflow_id,
        walk.root_call_id,
        walk.depth + 1,
        walk.path || ' > ' || child.call_id,
        walk.path_key || {{ zero_padded('child.sibling_order') }},
        walk.path_cost_usd + child.cost_usd,
        walk.path_tokens + child.total_tokens
    from walk
    inner join links as child
        on
            child.tree_parent_call_id = walk.call_id
            and child.workflow_id = walk.workflow_id
    where walk.depth < {{ threshold('chain_depth_limit') }}

)

select * from walk
