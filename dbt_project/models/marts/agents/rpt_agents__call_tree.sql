-- §7.1 call_tree: every call with a workflow_id, its place in the chain (§7.2) and its own and
-- inclusive cost. Inclusive = own + Σ own of every reachable descendant (from the closure), so a
-- root's inclusive figures are its tree's totals. Nodes the walk never met have NULL depth, root,
-- path and inclusive figures: `depth_limit` when their parent sits at the depth limit, else
-- `cycle_or_unreachable`. Orphan and cross-workflow parents are roots with their issue.
with

links as (

    select * from {{ ref('int_agents__chain_links') }}

),

walk as (

    select * from {{ ref('int_agents__chain_walk') }}

),

closure as (

    select * from {{ ref('int_agents__chain_closure') }}

),

inclusive as (

    select
        closure.ancestor_call_id as call_id,
        sum(links.cost_usd) as inclusive_cost_usd,
        sum(links.total_tokens) as inclusive_tokens
    from closure
    inner join links on closure.call_id = links.call_id
    group by closure.ancestor_call_id

),

children as (

    select
        tree_parent_call_id as call_id,
        count(*) as child_count
    from links
    where tree_parent_call_id is not null
    group by tree_parent_call_id

),

final as (

    select
        links.call_id,
        links.workflow_id,
        links.organization_id,
        links.parent_call_id,
        walk.root_call_id,
        walk.depth,
        walk.path,
        links."timestamp" as called_at,
        links.agent_name,
        links.provider,
        links.model,
        links.sibling_order,
        links.cost_usd as own_cost_usd,
        links.total_tokens as own_tokens,
        inclusive.inclusive_cost_usd,
        cast(inclusive.inclusive_tokens as {{ dbt.type_bigint() }}) as inclusive_tokens,
        coalesce(children.child_count, 0) as child_count,
        coalesce(children.child_count, 0) = 0 as is_leaf,
        case
            when links.link_issue is not null then links.link_issue
            when walk.call_id is not null then null
            when parents.depth >= {{ threshold('chain_depth_limit') }} then 'depth_limit'
            else 'cycle_or_unreachable'
        end as chain_issue
    from links
    left join walk on links.call_id = walk.call_id
    left join walk as parents on links.tree_parent_call_id = parents.call_id
    left join inclusive on links.call_id = inclusive.call_id
    left join children on links.call_id = children.call_id

)

select * from final
