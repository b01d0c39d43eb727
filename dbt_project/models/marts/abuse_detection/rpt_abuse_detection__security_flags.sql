-- §6.13 security_flags: one row per raised flag with its severity, value, threshold and impact,
-- ranked critical, high, medium, low (ties: flag). cost_anomalies (high, impact = estimated waste),
-- usage_spikes (medium), tier_gaming (high, impact = cost of every flagged gaming customer),
-- concurrency (critical), rate_limit_abuse (medium, at least the threshold).
with

summary as (

    select * from {{ ref('rpt_abuse_detection__summary') }}

),

candidates as (

    select
        'cost_anomalies' as flag,
        'high' as severity,
        anomalous_calls as value,
        {{ threshold('abuse_detection_anomalies_alert_count') }} as threshold_value,
        estimated_waste_usd as impact_usd
    from summary
    where anomalous_calls > {{ threshold('abuse_detection_anomalies_alert_count') }}

    union all

    select 'usage_spikes', 'medium', usage_spikes, {{ threshold('abuse_detection_flag_spikes_count') }}, null
    from summary
    where usage_spikes > {{ threshold('abuse_detection_flag_spikes_count') }}

    union all

    select 'tier_gaming', 'high', gaming_customers, {{ threshold('abuse_detection_flag_gaming_customers') }},
        gaming_cost_usd
    from summary
    where gaming_customers > {{ threshold('abuse_detection_flag_gaming_customers') }}

    union all

    select 'concurrency', 'critical', concurrency_customers,
        {{ threshold('abuse_detection_flag_concurrency_customers') }}, null
    from summary
    where concurrency_customers > {{ threshold('abuse_detection_flag_concurrency_customers') }}

    union all

    select 'rate_limit_abuse', 'medium', rate_limit_customers,
        {{ threshold('abuse_detection_flag_rate_limit_customers') }}, null
    from summary
    where rate_limit_customers >= {{ threshold('abuse_detection_flag_rate_limit_customers') }}

),

final as (

    select
        flag,
        severity,
        cast(value as {{ type_double() }}) as value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        cast(impact_usd as {{ type_double() }}) as impact_usd,
        row_number() over (
            order by case severity when 'critical' then 1 when 'high' then 2 when 'medium' then 3 else 4 end, flag
        ) as rank
    from candidates

)

select * from final
