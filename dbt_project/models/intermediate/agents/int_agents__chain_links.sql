-- §7.2 links of every call that belongs to a workflow: a link is valid when parent_call_id names
-- a call of the same workflow. No parent makes a root; a parent that does not exist makes a root
-- with `orphan_parent`; a parent outside the workflow, a root with `cross_workflow_parent`.
-- sibling_order numbers the children of one parent (roots: the roots of the workflow) by
-- (timestamp, call_id): the listing order of §7.2 and the critical path's last tie rule.
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

nodes as (

    select * from calls
    where workflow_id is not null

),

classified as (

    select
        nodes.call_id,
        nodes.workflow_id,
        nodes.organization_id,
        nodes.parent_call_id,
        nodes."timestamp",
        nodes.agent_name,
        nodes.provider,
        nodes.model,
        nodes.cost_usd,
        nodes.total_tokens,
        case
            when nodes.parent_call_id is null then 'root'
            when parents.call_id is null then 'orphan_parent'
            when parents.workflow_id is null or parents.workflow_id <> nodes.workflow_id
                then 'cross_workflow_parent'
            else 'linked'
        end as link_status
    from nodes
    left join calls as parents
        on nodes.parent_call_id = parents.call_id

),

final as (

    select
        *,
        case when link_status = 'linked' then parent_call_id end as tree_parent_call_id,
        case when link_status in ('orphan_parent', 'cross_workflow_parent') then link_status end
            as link_issue,
        row_number() over (
            partition by workflow_id, case when link_status = 'linked' then parent_call_id end
            order by "timestamp", call_id
        ) as sibling_order
    from classified

)

select * from final
