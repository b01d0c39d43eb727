-- §6.3 recommendations (§1.11 columns without rank): a row exists only when its trigger holds on
-- non-empty data; NULL figures never satisfy a trigger (§1.7).
with

figures as (

    select * from {{ ref('int_realtime__trigger_figures') }}

),

candidates as (

    select
        'customers_at_risk' as rec_code,
        case when critical >= 1 then 'critical' else 'warning' end as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'critical_and_high_customers' as metric_name,
        critical + high as metric_value,
        'consumption_high_pct' as threshold_name,
        {{ threshold('consumption_high_pct') }} as threshold_value,
        monthly_revenue_at_risk_usd as impact_usd,
        {{ fmt_count('critical') }} || ' customer(s) consume their whole prorated subscription and '
        || {{ fmt_count('high') }} || ' more than ' || {{ fmt_pct(threshold('consumption_high_pct')) }}
        || ' of it; ' || {{ fmt_usd('monthly_revenue_at_risk_usd') }} || ' of monthly revenue is at risk'
            as message
    from figures
    where critical + high >= 1

    union all

    select
        'call_anomalies',
        'warning',
        'dataset',
        '',
        'anomalous_calls',
        anomalous_calls,
        'anomaly_count_alert',
        {{ threshold('anomaly_count_alert') }},
        anomaly_waste_usd,
        {{ fmt_count('anomalous_calls') }} || ' calls (' || {{ fmt_pct('anomalous_call_pct') }}
        || ') cost more than their model mean + ' || {{ format_number(threshold('anomaly_sigma'), 1) }}
        || 'σ, wasting ' || {{ fmt_usd('anomaly_waste_usd') }} || ' over their model means'
    from figures
    where anomalous_calls > {{ threshold('anomaly_count_alert') }}

    union all

    select
        'hourly_anomalies',
        'warning',
        'dataset',
        '',
        'anomalous_hours',
        anomalous_hours,
        'anomaly_sigma',
        {{ threshold('anomaly_sigma') }},
        null,
        {{ fmt_count('anomalous_hours') }} || ' hour(s) broke their trailing baseline; the strongest, '
        || cast(top_anomaly_hour as {{ dbt.type_string() }}) || ' UTC, cost ' || {{ fmt_usd('top_anomaly_hour_cost_usd') }}
        || coalesce(' (z = ' || {{ format_number('top_anomaly_hour_z', 1) }} || ')', '')
    from figures
    where anomalous_hours >= 1

    union all

    select
        'daily_cost_threshold',
        'info',
        'dataset',
        '',
        'high_cost_days',
        high_cost_days,
        'high_daily_cost_usd',
        {{ threshold('high_daily_cost_usd') }},
        null,
        {{ fmt_count('high_cost_days') }} || ' day(s) cost more than ' || {{ fmt_usd(threshold('high_daily_cost_usd')) }}
        || '; the highest, ' || cast(top_cost_date as {{ dbt.type_string() }}) || ', cost ' || {{ fmt_usd('top_cost_date_usd') }}
    from figures
    where high_cost_days >= 1

    union all

    select
        'error_rate',
        'critical',
        'dataset',
        '',
        'error_rate_pct',
        100.0 * error_rate,
        'error_rate_alert_pct',
        {{ threshold('error_rate_alert_pct') }},
        null,
        {{ fmt_pct('100.0 * error_rate') }} || ' of calls fail; the most frequent error is '
        || coalesce(top_error_type, 'unknown') || ' (' || {{ fmt_count('coalesce(top_error_type_calls, 0)') }} || ' calls)'
    from figures
    where 100.0 * error_rate > {{ threshold('error_rate_alert_pct') }}

    union all

    select
        'portfolio_health',
        'warning',
        'dataset',
        '',
        'health_score',
        health_score,
        'health_score_min',
        {{ threshold('health_score_min') }},
        null,
        'Portfolio health is ' || {{ format_number('health_score', 1) }} || ': ' || {{ fmt_count('low') }}
        || ' of ' || {{ fmt_count('customers') }} || ' customers consume little; ' || {{ fmt_count('critical') }}
        || ' critical, ' || {{ fmt_count('high') }} || ' high, ' || {{ fmt_count('medium') }} || ' medium'
    from figures
    where customers >= 1
        and health_score < {{ threshold('health_score_min') }}

    union all

    select
        'inefficient_patterns',
        'info',
        'dataset',
        '',
        'potential_savings_usd',
        potential_savings_usd,
        'min_savings_usd',
        {{ threshold('min_savings_usd') }},
        potential_savings_usd,
        'Re-routing inefficient calls could save ' || {{ fmt_usd('potential_savings_usd') }}
        || ' in the window; the largest pattern is ' || top_pattern
    from figures
    where potential_savings_usd >= {{ threshold('min_savings_usd') }}

    union all

    select
        'provider_concentration_risk',
        'warning',
        'provider',
        top_provider,
        'provider_hhi',
        provider_hhi,
        'hhi_alert',
        {{ threshold('hhi_alert') }},
        null,
        'Provider concentration HHI is ' || {{ fmt_count('provider_hhi') }} || '; ' || top_provider
        || ' carries ' || {{ fmt_pct('top_provider_share_pct') }} || ' of spend'
    from figures
    where provider_hhi >= {{ threshold('hhi_alert') }}

),

final as (

    {{ recommendation_rows('realtime', 'candidates') }}

)

select * from final
