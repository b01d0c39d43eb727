-- §6.1 forecast_summary: the fit (n, slope, intercept, residual std), the trend in % of the mean
-- daily cost per day, the run rate (cost ÷ window_days, × forecast_days) and the 30-day trend
-- totals with their band.
with

trend as (

    select * from {{ ref('int_understanding__trend_fit') }}

),

forecast as (

    select * from {{ ref('rpt_understanding__forecast') }}

),

summary as (

    select * from {{ ref('rpt_understanding__summary') }}

),

forecast_totals as (

    select
        sum(predicted_cost_usd) as trend_30d_usd,
        sum(lower_usd) as trend_30d_lower_usd,
        sum(upper_usd) as trend_30d_upper_usd
    from forecast

),

final as (

    select
        trend.n as fit_days,
        trend.slope as slope_usd_per_day,
        case when trend.n >= 2 then trend.intercept end as intercept_usd,
        trend.residual_std as residual_std_usd,
        100.0 * trend.slope / nullif(trend.y_mean, 0) as trend_pct_per_day,
        {{ safe_ratio('summary.cost_usd', 'summary.window_days') }} as daily_run_rate_usd,
        {{ safe_ratio('summary.cost_usd', 'summary.window_days') }} * {{ threshold('forecast_days') }}
            as run_rate_30d_usd,
        forecast_totals.trend_30d_usd,
        forecast_totals.trend_30d_lower_usd,
        forecast_totals.trend_30d_upper_usd
    from trend
    cross join forecast_totals
    cross join summary

)

select * from final
