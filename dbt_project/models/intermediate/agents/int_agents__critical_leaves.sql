-- §7.2 critical path per workflow, chosen by its leaf: among reachable nodes with no reachable
-- child (over all roots), the greatest Σ own cost along the root-to-leaf path, ties by greater
-- Σ tokens, then by the lexicographically smaller (timestamp, call_id) sequence (path_key).
{{ config(materialized='table') }}

with

walk as (

    select * from {{ ref('int_agents__chain_walk') }}

),

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

reached_parents as (

    select distinct links.tree_parent_call_id as call_id
    from links
    inner join walk on links.call_id = walk.call_id
    where links.tree_parent_call_id is not null

),

leaves as (

    select walk.*
    from walk
    left join reached_parents on walk.call_id = reached_parents.call_id
    where reached_parents.call_id is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by workflow_id
            order by path_cost_usd desc, path_tokens desc, path_key
        ) as path_rank
    from leaves

),

final as (

    select
        workflow_id,
        call_id as leaf_call_id,
        root_call_id,
        depth as path_steps,
        path,
        path_cost_usd,
        path_tokens
    from ranked
    where path_rank = 1

)

select * from final
