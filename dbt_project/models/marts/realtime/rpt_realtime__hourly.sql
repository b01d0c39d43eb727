-- §6.3 hourly: every hour of the spine with calls, cost, errors and error rate, and the anomaly
-- rule (§1.6) applied to hourly cost and to hourly calls against the trailing
-- anomaly_baseline_hours buckets before the hour (within the window, the hour itself excluded).
-- The trailing set is a join on hour numbers, so the seed value needs no constant window frame.
with

hours as (

    select
        *,
        row_number() over (order by cost_hour) as hour_number
    from {{ ref('int_hourly_cost') }}

),

baselines as (

    select
        hours.cost_hour,
        count(earlier.cost_hour) as baseline_hours,
        avg(earlier.cost_usd) as baseline_mean,
        stddev_pop(earlier.cost_usd) as baseline_std,
        avg(earlier.calls) as volume_baseline_mean,
        stddev_pop(earlier.calls) as volume_baseline_std
    from hours
    left join hours as earlier
        on
            earlier.hour_number < hours.hour_number
            and earlier.hour_number >= hours.hour_number - {{ threshold('anomaly_baseline_hours') }}
    group by hours.cost_hour

),

final as (

    select
        hours.cost_hour,
        hours.calls,
        hours.cost_usd,
        cast(hours.errors as {{ dbt.type_bigint() }}) as errors,
        hours.error_rate,
        baselines.baseline_hours,
        baselines.baseline_mean,
        baselines.baseline_std,
        {{ z_score('hours.cost_usd', 'baselines.baseline_mean', 'baselines.baseline_std') }} as cost_z,
        {{ is_anomalous('hours.cost_usd', 'baselines.baseline_mean', 'baselines.baseline_std',
            'baselines.baseline_hours') }} as is_cost_anomaly,
        baselines.volume_baseline_mean,
        baselines.volume_baseline_std,
        {{ z_score('hours.calls', 'baselines.volume_baseline_mean', 'baselines.volume_baseline_std') }}
            as volume_z,
        {{ is_anomalous('hours.calls', 'baselines.volume_baseline_mean', 'baselines.volume_baseline_std',
            'baselines.baseline_hours') }} as is_volume_anomaly
    from hours
    inner join baselines
        on hours.cost_hour = baselines.cost_hour

)

select * from final
