-- §6.9 temporal: the busiest UTC hour of day and ISO weekday by calls (ties: the smaller),
-- and calls per covered day. One row, NULL figures on empty input.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

by_hour as (

    select
        {{ hour_of_day('call_hour') }} as hour_of_day,
        count(*) as calls,
        row_number() over (order by count(*) desc, {{ hour_of_day('call_hour') }}) as busy_rank
    from calls
    group by {{ hour_of_day('call_hour') }}

),

by_weekday as (

    select
        {{ iso_weekday('call_date') }} as weekday_number,
        count(*) as calls,
        row_number() over (order by count(*) desc, {{ iso_weekday('call_date') }}) as busy_rank
    from calls
    group by {{ iso_weekday('call_date') }}

),

totals as (

    select
        count(*) as calls,
        count(distinct call_date) as covered_days
    from calls

),

final as (

    select
        by_hour.hour_of_day as busiest_hour,
        by_hour.calls as busiest_hour_calls,
        case by_weekday.weekday_number
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
            when 7 then 'Sunday'
        end as busiest_weekday,
        by_weekday.weekday_number as busiest_weekday_number,
        by_weekday.calls as busiest_weekday_calls,
        cast(totals.calls as {{ type_double() }}) / nullif(totals.covered_days, 0) as calls_per_covered_day
    from totals
    left join by_hour on by_hour.busy_rank = 1
    left join by_weekday on by_weekday.busy_rank = 1

)

select * from final
