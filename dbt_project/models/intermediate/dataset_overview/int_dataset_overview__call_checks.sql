-- One row of call-level quality figures for §6.9 quality: unpriced calls, reported-vs-list
-- cost differences, unknown members, implicit workflows and the chain issues of §7.2 that need
-- no traversal (orphan_parent, cross_workflow_parent).
{{ config(tags=['dataset_overview']) }}

with

calls as (

    select * from {{ ref('fct_calls') }}

),

workflows as (

    select * from {{ ref('stg_workflows') }}

),

parents as (

    select
        child.call_id,
        parent.call_id as parent_found,
        parent.workflow_id as parent_workflow_id,
        child.workflow_id
    from calls as child
    left join calls as parent on child.parent_call_id = parent.call_id
    where child.parent_call_id is not null

),

call_figures as (

    select
        count(case when price_status = 'unpriced' then 1 end) as unpriced_calls,
        count(case when price_status = 'priced' and cost_source = 'reported' then 1 end)
            as reported_cost_calls,
        coalesce(sum(
            case when price_status = 'priced' and cost_source = 'reported' then cost_usd - list_cost_usd end
        ), 0) as reported_vs_list_cost_diff_usd,
        max(
            case
                when price_status = 'priced' and cost_source = 'reported' and list_cost_usd > 0
                    then abs(cost_usd - list_cost_usd) / list_cost_usd
            end
        ) as reported_vs_list_max_rel_diff,
        count(case when organization_id = 'unknown' then 1 end) as unknown_organization_calls,
        count(case when customer_id = 'unknown' then 1 end) as unknown_customer_calls,
        count(case when feature_id = 'unknown' then 1 end) as unknown_feature_calls,
        count(distinct case
            when workflow_id is not null
                and workflow_id not in (select workflows.workflow_id from workflows)
                then workflow_id
        end) as implicit_workflows
    from calls

),

chain_figures as (

    select
        count(case when parent_found is null then 1 end) as orphan_parent_calls,
        count(
            case
                when parent_found is not null
                    and coalesce(parent_workflow_id, '') <> coalesce(workflow_id, '')
                    then 1
            end
        ) as cross_workflow_parent_calls
    from parents

),

final as (

    select
        call_figures.*,
        chain_figures.*
    from call_figures
    cross join chain_figures

)

select * from final
