-- §2.5 the session of every call: its own session_id, else a derived session per
-- (customer_id, user_id) that starts when the gap since the previous call's end exceeds
-- `session_gap_minutes`. A derived id is `ds_` + the first 16 hex chars of SHA-256 of
-- customer_id, user_id and the session's first call_id, joined by '|' (a NULL user as '').
{{ config(materialized='table') }}

with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

unassigned as (

    select
        call_id,
        customer_id,
        user_id,
        "timestamp",
        lag(ended_at) over (
            partition by customer_id, user_id order by "timestamp", call_id
        ) as previous_ended_at
    from calls
    where session_id is null

),

starts as (

    select
        *,
        case
            when previous_ended_at is null then 1
            when {{ seconds_between('previous_ended_at', '"timestamp"') }}
                > {{ threshold('session_gap_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from unassigned

),

numbered as (

    select
        *,
        sum(is_session_start) over (
            partition by customer_id, user_id
            order by "timestamp", call_id
            rows between unbounded preceding and current row
        ) as session_ordinal
    from starts

),

derived as (

    select
        call_id,
        'ds_' || substring(
            {{ sha256_hex("customer_id || '|' || coalesce(user_id, '') || '|' || first_call_id") }}, 1, 16
        ) as session_id
    from (
        select
            call_id,
            customer_id,
            user_id,
            min(case when is_session_start = 1 then call_id end) over (
                partition by customer_id, user_id, session_ordinal
            ) as first_call_id
        from numbered
    ) as sessions_of_calls

),

final as (

    select
        call_id,
        session_id,
        'explicit' as assignment
    from calls
    where session_id is not null

    union all

    select
        call_id,
        session_id,
        'derived' as assignment
    from derived

)

select * from final
