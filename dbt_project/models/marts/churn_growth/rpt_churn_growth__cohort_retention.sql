-- §6.12 cohort_retention: customers grouped by the ISO week of their first call; for every later
-- week of the window (offset 0, 1, …, empty weeks included) the customers of the cohort active that
-- week and retention_pct = active ÷ cohort size × 100.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

weeks as (

    select iso_week from {{ ref('rpt_churn_growth__weekly_growth') }}

),

first_weeks as (

    select
        customer_id,
        min(iso_week) as cohort_week
    from calls
    group by customer_id

),

cohorts as (

    select
        cohort_week,
        count(*) as cohort_size
    from first_weeks
    group by cohort_week

),

activity as (

    select
        first_weeks.cohort_week,
        calls.iso_week,
        count(distinct calls.customer_id) as active_customers
    from calls
    inner join first_weeks
        on calls.customer_id = first_weeks.customer_id
    group by first_weeks.cohort_week, calls.iso_week

),

final as (

    select
        cohorts.cohort_week,
        cast({{ dbt.datediff('cohorts.cohort_week', 'weeks.iso_week', 'day') }} / 7 as {{ dbt.type_int() }})
            as week_offset,
        weeks.iso_week as activity_week,
        cohorts.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        {{ safe_pct('coalesce(activity.active_customers, 0)', 'cohorts.cohort_size') }} as retention_pct
    from cohorts
    inner join weeks
        on weeks.iso_week >= cohorts.cohort_week
    left join activity
        on cohorts.cohort_week = activity.cohort_week
        and weeks.iso_week = activity.iso_week

)

select * from final
