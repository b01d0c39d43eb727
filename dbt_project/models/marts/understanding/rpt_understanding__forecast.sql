-- §6.1 forecast: the `forecast_days` dates after date(window_end), with the trend prediction and
-- its 80 % band (forecast_z × s × √(1 + 1/n + (x₀ − x̄)² ÷ Σ(x − x̄)²)), all floored at 0.
-- Without a fit (n < 2) the predictions are NULL; with n = 2 the band is NULL.
with

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

trend as (

    select * from {{ ref('int_understanding__trend_fit') }}

),

forecast_dates as (

    select analysis_window.end_date + cast(offsets.day_offset as integer) as forecast_date
    from analysis_window
    cross join (
        select {{ series_rows('1', 'cast(' ~ threshold('forecast_days') ~ ' as integer)', '1') }} as day_offset
    ) as offsets
    where analysis_window.end_date is not null

),

projected as (

    select
        forecast_dates.forecast_date,
        trend.intercept
        + trend.slope * {{ dbt.datediff('trend.fit_start_date', 'forecast_dates.forecast_date', 'day') }}
            as predicted_raw,
        {{ threshold('forecast_z') }} * trend.residual_std * sqrt(
            1.0 + 1.0 / trend.n
            + power({{ dbt.datediff('trend.fit_start_date', 'forecast_dates.forecast_date', 'day') }}
                - trend.x_mean, 2) / trend.sxx
        ) as half_width
    from forecast_dates
    cross join trend

),

final as (

    select
        forecast_date,
        case when predicted_raw is not null then greatest(predicted_raw, 0.0) end as predicted_cost_usd,
        -- greatest() skips NULLs on DuckDB and PostgreSQL: a band that does not exist stays NULL
        case when half_width is not null then greatest(predicted_raw - half_width, 0.0) end as lower_usd,
        case when half_width is not null then greatest(predicted_raw + half_width, 0.0) end as upper_usd
    from projected

)

select * from final
