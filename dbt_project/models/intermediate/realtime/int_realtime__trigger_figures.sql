-- The figures the §6.3 recommendation triggers read, in one row: the summary and portfolio
-- figures, the hour with the highest cost z among anomalous hours, the platform days over
-- high_daily_cost_usd with the costliest, the most frequent error type, the largest pattern
-- and the top provider's cost share. NULL figures (empty input) never trigger.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_realtime__summary') }}

),

portfolio as (

    select * from {{ ref('rpt_realtime__portfolio_risk') }}

),

hourly as (

    select * from {{ ref('rpt_realtime__hourly') }}
    where is_cost_anomaly or is_volume_anomaly

),

platform_days as (

    select * from {{ ref('rpt_realtime__daily_alerts') }}
    where entity_type = 'platform' and alert_kind in ('cost', 'both')

),

patterns as (

    select * from {{ ref('rpt_realtime__inefficient_patterns') }}

),

calls as (

    select provider, error_type, cost_usd from {{ ref('fct_calls') }}

),

top_hour as (

    select cost_hour as top_anomaly_hour, cost_usd as top_anomaly_hour_cost_usd, cost_z as top_anomaly_hour_z
    from (
        select *, row_number() over (order by cost_z desc nulls last, volume_z desc nulls last, cost_hour) as z_rank
        from hourly
    ) as ranked
    where z_rank = 1

),

day_totals as (

    select count(*) as high_cost_days from platform_days

),

top_day as (

    select alert_date as top_cost_date, cost_usd as top_cost_date_usd
    from (
        select *, row_number() over (order by cost_usd desc, alert_date) as cost_rank
        from platform_days
    ) as ranked
    where cost_rank = 1

),

top_error as (

    select error_type as top_error_type, errors as top_error_type_calls
    from (
        select error_type, count(*) as errors, row_number() over (order by count(*) desc, error_type) as error_rank
        from calls
        where error_type is not null
        group by error_type
    ) as ranked
    where error_rank = 1

),

top_pattern as (

    select pattern as top_pattern, potential_savings_usd as top_pattern_savings_usd
    from (
        select *, row_number() over (order by potential_savings_usd desc, pattern_order) as saving_rank
        from patterns
    ) as ranked
    where saving_rank = 1

),

top_provider as (

    select provider as top_provider, cost_share_pct as top_provider_share_pct
    from (
        select
            provider,
            {{ safe_pct('sum(cost_usd)', 'sum(sum(cost_usd)) over ()') }} as cost_share_pct,
            row_number() over (order by sum(cost_usd) desc, provider) as cost_rank
        from calls
        group by provider
    ) as ranked
    where cost_rank = 1

),

final as (

    select
        summary.calls,
        portfolio.customers,
        summary.critical,
        summary.high,
        summary.monthly_revenue_at_risk_usd,
        summary.anomalous_calls,
        summary.anomalous_call_pct,
        summary.anomaly_waste_usd,
        summary.anomalous_hours,
        top_hour.top_anomaly_hour,
        top_hour.top_anomaly_hour_cost_usd,
        top_hour.top_anomaly_hour_z,
        day_totals.high_cost_days,
        top_day.top_cost_date,
        top_day.top_cost_date_usd,
        summary.error_rate,
        top_error.top_error_type,
        top_error.top_error_type_calls,
        summary.health_score,
        portfolio.low,
        portfolio.medium,
        summary.potential_savings_usd,
        top_pattern.top_pattern,
        summary.provider_hhi,
        top_provider.top_provider,
        top_provider.top_provider_share_pct
    from summary
    cross join portfolio
    cross join day_totals
    left join top_hour on true
    left join top_day on true
    left join top_error on true
    left join top_pattern on true
    left join top_provider on true

)

select * from final
