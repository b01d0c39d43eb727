-- §6.12 weekly_growth: per ISO week (Monday, UTC) of the window, including empty weeks: active and
-- new customers (first call that week), calls, cost, week-over-week growth of calls and active
-- customers (NULL for the first week or after an empty one). is_partial: the window does not
-- cover the week's first and last hour (as for complete days, §1.4).
with

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

calls as (

    select * from {{ ref('fct_calls') }}

),

customers as (

    select * from {{ ref('int_customer_window') }}

),

week_spine as (

    select cast({{ series_rows(
        dbt.date_trunc('week', 'start_hour'), dbt.date_trunc('week', 'end_hour'), "interval '7 days'"
    ) }} as date) as iso_week
    from analysis_window

),

weekly as (

    select
        iso_week,
        count(distinct customer_id) as active_customers,
        count(*) as calls,
        sum(cost_usd) as cost_usd
    from calls
    group by iso_week

),

new_customers as (

    select
        cast({{ dbt.date_trunc('week', utc_timestamp('first_seen_at')) }} as date) as iso_week,
        count(*) as new_customers
    from customers
    group by 1

),

filled as (

    select
        week_spine.iso_week,
        not (
            analysis_window.window_start_utc
            < cast(week_spine.iso_week as {{ dbt.type_timestamp() }}) + interval '1 hour'
            and analysis_window.window_end_utc
            >= cast(week_spine.iso_week as {{ dbt.type_timestamp() }}) + interval '167 hours'
        ) as is_partial,
        coalesce(weekly.active_customers, 0) as active_customers,
        coalesce(new_customers.new_customers, 0) as new_customers,
        coalesce(weekly.calls, 0) as calls,
        coalesce(weekly.cost_usd, 0) as cost_usd
    from week_spine
    cross join analysis_window
    left join weekly on week_spine.iso_week = weekly.iso_week
    left join new_customers on week_spine.iso_week = new_customers.iso_week

),

final as (

    select
        *,
        {{ safe_pct('calls - lag(calls) over (order by iso_week)', 'lag(calls) over (order by iso_week)') }}
            as calls_wow_pct,
        {{ safe_pct('active_customers - lag(active_customers) over (order by iso_week)',
            'lag(active_customers) over (order by iso_week)') }} as active_wow_pct
    from filled

)

select * from final
