-- §6.1 daily_cost: every date of the spine with calls, cost and tokens (zeros on empty dates),
-- the complete-day flag, a 7-date moving average (the date and up to 6 preceding spine dates)
-- and the fitted trend line (NULL without a fit).
with

daily as (

    select * from {{ ref('int_daily_cost') }}

),

trend as (

    select * from {{ ref('int_understanding__trend_fit') }}

),

final as (

    select
        daily.cost_date,
        daily.calls,
        daily.cost_usd,
        cast(daily.total_tokens as {{ dbt.type_bigint() }}) as total_tokens,
        daily.is_complete_day,
        avg(daily.cost_usd) over (order by daily.cost_date rows between 6 preceding and current row)
            as cost_ma7_usd,
        trend.intercept
        + trend.slope * {{ dbt.datediff('trend.fit_start_date', 'daily.cost_date', 'day') }}
            as fitted_cost_usd
    from daily
    cross join trend

)

select * from final
