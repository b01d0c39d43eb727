-- §2.5 sessions: every recorded session (`explicit`), plus a `derived` one for each session the
-- calls name without a record and for each gap-derived session of int_agents__session_calls;
-- derived sessions start at their first call and end at the end of their last call.
{{ config(materialized='table') }}

with

recorded as (

    select * from {{ ref('stg_sessions') }}

),

session_calls as (

    select * from {{ ref('int_agents__session_calls') }}

),

calls as (

    select * from {{ ref('int_agents__calls') }}

),

from_calls as (

    select
        session_calls.session_id,
        min(calls.user_id) as user_id,
        min(calls.customer_id) as customer_id,
        min(calls.organization_id) as organization_id,
        min(calls."timestamp") as started_at,
        max(calls.ended_at) as ended_at
    from session_calls
    inner join calls on session_calls.call_id = calls.call_id
    where session_calls.session_id not in (select recorded.session_id from recorded)
    group by session_calls.session_id

),

final as (

    select
        session_id,
        user_id,
        customer_id,
        organization_id,
        started_at,
        ended_at,
        session_source
    from recorded

    union all

    select
        session_id,
        user_id,
        customer_id,
        organization_id,
        started_at,
        ended_at,
        'derived' as session_source
    from from_calls

)

select * from final
