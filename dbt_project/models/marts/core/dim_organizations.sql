-- One row per organization (tenant) seen in calls or budgets, plus `unknown`.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

budgets as (

    select * from {{ ref('stg_budgets') }}

),

from_calls as (

    select
        organization_id,
        count(*) as calls,
        count(distinct customer_id) as customers,
        min("timestamp") as first_seen_at,
        max("timestamp") as last_seen_at
    from calls
    group by organization_id

),

from_budgets as (

    select distinct organization_id
    from budgets
    where organization_id not in (select from_calls.organization_id from from_calls)

),

members as (

    select
        organization_id,
        calls,
        customers,
        first_seen_at,
        last_seen_at
    from from_calls
    union all
    select
        organization_id,
        0 as calls,
        0 as customers,
        null as first_seen_at,
        null as last_seen_at
    from from_budgets

),

final as (

    select
        *,
        organization_id = 'unknown' as is_unknown_member
    from members
    union all
    select
        'unknown' as organization_id,
        0 as calls,
        0 as customers,
        null as first_seen_at,
        null as last_seen_at,
        true as is_unknown_member
    where not exists (select 1 from members where members.organization_id = 'unknown')

)

select * from final
