-- §7.1 chain_issues: every call whose chain has a §7.2 issue, so broken chains are reported,
-- never looped on.
with

tree as (

    select * from {{ ref('rpt_agents__call_tree') }}

),

final as (

    select
        call_id,
        chain_issue as issue,
        workflow_id,
        organization_id,
        parent_call_id,
        depth,
        own_cost_usd,
        own_tokens
    from tree
    where chain_issue is not null

)

select * from final
