-- §6.1 forecast rules: ordinary least squares of daily cost on x = days since the fit set's first
-- date, over the fit set of int_daily_cost. One row, also without data: n < 2 leaves slope and
-- intercept NULL, n < 3 leaves the residual std NULL.
with

daily as (

    select * from {{ ref('int_daily_cost') }}

),

fit_points as (

    select
        cost_date,
        cost_usd as y,
        cast({{ dbt.datediff('min(cost_date) over ()', 'cost_date', 'day') }} as {{ dbt.type_float() }}) as x
    from daily
    where is_fit_day

),

moments as (

    select
        count(*) as n,
        min(cost_date) as fit_start_date,
        avg(x) as x_mean,
        avg(y) as y_mean
    from fit_points

),

sums as (

    select
        sum((fit_points.x - moments.x_mean) * (fit_points.x - moments.x_mean)) as sxx,
        sum((fit_points.x - moments.x_mean) * (fit_points.y - moments.y_mean)) as sxy
    from fit_points
    cross join moments

),

line as (

    select
        moments.n,
        moments.fit_start_date,
        moments.x_mean,
        moments.y_mean,
        sums.sxx,
        case when moments.n >= 2 then sums.sxy / nullif(sums.sxx, 0) end as slope
    from moments
    cross join sums

),

residuals as (

    select sum(power(fit_points.y - (line.y_mean - line.slope * line.x_mean) - line.slope * fit_points.x, 2))
        as sse
    from fit_points
    cross join line

),

final as (

    select
        line.n,
        line.fit_start_date,
        line.x_mean,
        line.y_mean,
        line.sxx,
        line.slope,
        line.y_mean - line.slope * line.x_mean as intercept,
        case when line.n >= 3 then sqrt(residuals.sse / (line.n - 2)) end as residual_std
    from line
    cross join residuals

)

select * from final
