-- §7.4 periods of every organization, ending at `as_of` = its latest call: 7d, 30d and 90d cover
-- calls with as_of − N days < timestamp ≤ as_of; `all` covers every call (period_start NULL).
{{ config(materialized='table') }}

{%- set periods = {'7d': 7, '30d': 30, '90d': 90} %}

with

calls as (

    select * from {{ ref('int_agents__calls') }}

),

organizations as (

    select
        organization_id,
        max("timestamp") as as_of
    from calls
    group by organization_id

),

final as (

    {% for period, days in periods.items() -%}
    select
        organization_id,
        '{{ period }}' as period,
        {{ days }} as period_days,
        as_of,
        {{ dbt.dateadd('day', -days, 'as_of') }} as period_start
    from organizations
    union all
    {% endfor -%}
    select
        organization_id,
        'all' as period,
        cast(null as {{ dbt.type_int() }}) as period_days,
        as_of,
        cast(null as timestamp with time zone) as period_start
    from organizations

)

select * from final
