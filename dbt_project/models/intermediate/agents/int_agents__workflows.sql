-- §2.4 workflow executions: every recorded workflow plus an implicit one for each workflow_id
-- that calls name without a start event (name from the calls, else `unknown`; started at the
-- first call, ended at the end of the last; success NULL; flagged implicit). Status: succeeded,
-- failed, or incomplete (no end event, or implicit).
{{ config(materialized='table') }}

with

recorded as (

    select * from {{ ref('stg_workflows') }}

),

calls as (

    select * from {{ ref('int_agents__calls') }}
    where workflow_id is not null

),

implicit as (

    select
        workflow_id,
        coalesce(min(workflow_name), 'unknown') as workflow_name,
        min(organization_id) as organization_id,
        min(customer_id) as customer_id,
        min(user_id) as user_id,
        min(session_id) as session_id,
        min("timestamp") as started_at,
        max(ended_at) as ended_at
    from calls
    where workflow_id not in (select recorded.workflow_id from recorded)
    group by workflow_id

),

unioned as (

    select
        workflow_id,
        workflow_name,
        organization_id,
        customer_id,
        user_id,
        session_id,
        started_at,
        ended_at,
        success,
        failure_error_type,
        false as is_implicit
    from recorded

    union all

    select
        workflow_id,
        workflow_name,
        organization_id,
        customer_id,
        user_id,
        session_id,
        started_at,
        ended_at,
        cast(null as {{ dbt.type_boolean() }}) as success,
        cast(null as {{ dbt.type_string() }}) as failure_error_type,
        true as is_implicit
    from implicit

),

final as (

    select
        *,
        case
            when is_implicit or success is null then 'incomplete'
            when success then 'succeeded'
            else 'failed'
        end as status
    from unioned

)

select * from final
