-- §6.13 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- empty input never triggers (§1.7).
with

figures as (

    select * from {{ ref('int_abuse_detection__trigger_figures') }}

),

candidates as (

    select
        'cost_anomalies' as rec_code,
        case
            when anomalous_calls > {{ threshold('abuse_detection_anomalies_alert_count') }} then 'critical'
            else 'warning'
        end as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'anomalous_calls' as metric_name,
        anomalous_calls as metric_value,
        'abuse_detection_anomalies_alert_count' as threshold_name,
        {{ threshold('abuse_detection_anomalies_alert_count') }} as threshold_value,
        estimated_waste_usd as impact_usd,
        {{ fmt_count('anomalous_calls') }} || ' calls cost far more than their model''s norm, '
        || {{ fmt_usd('estimated_waste_usd') }} || ' above the model means: add circuit breakers and per-call cost caps'
            as message
    from figures
    where anomalous_calls >= 1

    union all

    select
        'tier_gaming', 'warning', 'dataset', '', 'gaming_customers', gaming_customers,
        'gaming_flag_score', {{ threshold('gaming_flag_score') }}, gaming_cost_usd,
        {{ fmt_count('gaming_customers') }} || ' customers look like they game their tier, costing '
        || {{ fmt_usd('gaming_cost_usd') }} || ': enforce usage quotas'
    from figures
    where gaming_customers >= 1

    union all

    select
        'concurrent_abuse', 'warning', 'dataset', '', 'concurrency_customers', concurrency_customers,
        'concurrent_per_minute', {{ threshold('concurrent_per_minute') }}, null,
        {{ fmt_count('concurrency_customers') }} || ' customers burst above '
        || {{ fmt_count(threshold('concurrent_per_minute')) }} || ' calls a minute (highest '
        || {{ fmt_count('max_calls_per_minute') }} || '): add per-customer rate limits'
    from figures
    where concurrency_customers >= 1

    union all

    select
        'usage_spikes', 'info', 'dataset', '', 'usage_spikes', usage_spikes,
        'spike_multiple', {{ threshold('spike_multiple') }}, null,
        {{ fmt_count('usage_spikes') }} || ' usage spikes; the largest is ' || {{ fmt_multiple('max_spike_multiple') }}
        || ' the customer''s mean hour'
    from figures
    where usage_spikes >= 1

    union all

    select
        'anomaly_rate', 'warning', 'dataset', '', 'anomaly_rate_pct', anomaly_rate_pct,
        'anomaly_rate_alert_pct', {{ threshold('anomaly_rate_alert_pct') }}, null,
        {{ fmt_pct('anomaly_rate_pct') }} || ' of calls are cost anomalies: review pricing'
    from figures
    where anomaly_rate_pct > {{ threshold('anomaly_rate_alert_pct') }}

    union all

    select
        'critical_flags', 'critical', 'dataset', '', 'critical_flags', critical_flags,
        null, null, null,
        'Critical security flags: ' || critical_flag_list || ': review the customers for suspension'
    from figures
    where critical_flags >= 1

    union all

    select
        'rate_limit_abuse', 'info', 'dataset', '', 'rate_limit_customers', rate_limit_customers,
        'rate_limit_errors_per_hour', {{ threshold('rate_limit_errors_per_hour') }}, null,
        {{ fmt_count('rate_limit_customers') }} || ' customers keep hitting rate limits; worst: '
        || worst_rate_limit_customer_id || ' with ' || {{ fmt_count('worst_rate_limit_errors') }}
        || ' rate_limit errors in the hour from ' || cast(worst_rate_limit_hour as varchar) || ' UTC'
    from figures
    where rate_limit_customers >= 1

),

final as (

    {{ recommendation_rows('abuse_detection', 'candidates') }}

)

select * from final
