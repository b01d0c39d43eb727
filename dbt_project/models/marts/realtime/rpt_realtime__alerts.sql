-- §6.3 alerts: one row per alert — budget_exceeded (critical consumption customer),
-- budget_warning (high), hourly_cost_anomaly, hourly_volume_anomaly, daily_cost_threshold and
-- error_rate (platform and organization days) — with severity, the metric and its threshold.
-- observed_at is a UTC timestamp: the customer's last call, the hour, or the day's start.
with

consumption as (

    select * from {{ ref('rpt_realtime__customer_consumption') }}

),

customers as (

    select customer_id, last_seen_at from {{ ref('int_customer_window') }}

),

hourly as (

    select * from {{ ref('rpt_realtime__hourly') }}

),

daily as (

    select * from {{ ref('rpt_realtime__daily_alerts') }}

),

alerts as (

    select
        case consumption.level when 'critical' then 'budget_exceeded' else 'budget_warning' end as alert_type,
        consumption.customer_id as entity_id,
        {{ utc_timestamp('customers.last_seen_at') }} as observed_at,
        case consumption.level when 'critical' then 'critical' else 'warning' end as severity,
        'customer' as entity_type,
        consumption.consumption_pct as metric_value,
        case consumption.level
            when 'critical' then {{ threshold('consumption_critical_pct') }}
            else {{ threshold('consumption_high_pct') }}
        end as threshold_value
    from consumption
    inner join customers
        on consumption.customer_id = customers.customer_id
    where consumption.level in ('critical', 'high')

    union all

    select 'hourly_cost_anomaly', 'platform', cost_hour, 'warning', 'platform', cost_usd,
        baseline_mean + {{ threshold('anomaly_sigma') }} * baseline_std
    from hourly
    where is_cost_anomaly

    union all

    select 'hourly_volume_anomaly', 'platform', cost_hour, 'warning', 'platform', cast(calls as {{ type_double() }}),
        volume_baseline_mean + {{ threshold('anomaly_sigma') }} * volume_baseline_std
    from hourly
    where is_volume_anomaly

    union all

    select 'daily_cost_threshold', entity_id, cast(alert_date as {{ dbt.type_timestamp() }}), 'info', entity_type,
        cost_usd, {{ threshold('high_daily_cost_usd') }}
    from daily
    where alert_kind in ('cost', 'both')

    union all

    select 'error_rate', entity_id, cast(alert_date as {{ dbt.type_timestamp() }}), 'critical', entity_type,
        100.0 * error_rate, {{ threshold('error_rate_alert_pct') }}
    from daily
    where alert_kind in ('error_rate', 'both')

),

final as (

    select
        alert_type,
        entity_id,
        cast(observed_at as {{ dbt.type_timestamp() }}) as observed_at,
        severity,
        entity_type,
        cast(metric_value as {{ type_double() }}) as metric_value,
        cast(threshold_value as {{ type_double() }}) as threshold_value
    from alerts

)

select * from final
