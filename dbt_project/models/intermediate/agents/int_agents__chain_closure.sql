-- §7.2 closure of the traversed trees: one row per (ancestor, descendant) pair of reachable
-- nodes, a node being its own ancestor at distance 0. Inclusive cost and tokens (own + every
-- descendant) are sums over it, so nothing is counted twice; the critical path is the ancestors of
-- its leaf. Recursive, over valid links between reachable nodes only, bounded by
-- `chain_depth_limit` like the walk.
{{ config(materialized='table') }}

with recursive

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

walk as (

    select * from {{ ref('int_agents__chain_walk') }}

),

reached as (

    select
        walk.call_id,
        walk.workflow_id,
        links.tree_parent_call_id
    from walk
    inner join links on walk.call_id = links.call_id

),

closure as (

    select
        call_id as ancestor_call_id,
        call_id,
        workflow_id,
        0 as distance
    from reached

    union all

    select
        closure.ancestor_call_id,
        child.call_id,
        closure.workflow_id,
        closure.distance + 1
    from closure
    inner join reached as child
        on
            child.tree_parent_call_id = closure.call_id
            and child.workflow_id = closure.workflow_id
    where closure.distance < {{ threshold('chain_depth_limit') }}

)

select * from closure
