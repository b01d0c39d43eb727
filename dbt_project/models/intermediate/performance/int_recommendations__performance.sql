-- §6.2 recommendations (§1.11 columns without rank): a row exists only when its trigger holds on
-- non-empty data; NULL figures never satisfy a trigger (§1.7).
with

figures as (

    select * from {{ ref('int_performance__trigger_figures') }}

),

candidates as (

    select
        'sla_below_target' as rec_code,
        'warning' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'sla_compliance_pct' as metric_name,
        sla_compliance_pct as metric_value,
        'sla_target_pct' as threshold_name,
        {{ threshold('sla_target_pct') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        {{ fmt_pct('sla_compliance_pct') }} || ' of measured calls finish within the '
        || {{ fmt_ms('sla_latency_ms') }} || ' SLA (target ' || {{ fmt_pct(threshold('sla_target_pct')) }}
        || '); lowest compliance: ' || coalesce(lowest_compliance_models, 'no ranked model')
            as message
    from figures
    where sla_compliance_pct < {{ threshold('sla_target_pct') }}

    union all

    select
        'efficiency_spread',
        'info',
        'model',
        worst_efficiency_model,
        'efficiency_ratio',
        efficiency_ratio,
        'efficiency_spread_ratio',
        {{ threshold('efficiency_spread_ratio') }},
        null,
        best_efficiency_model || ' delivers ' || {{ fmt_multiple('efficiency_ratio') }}
        || ' the tokens per second per dollar of ' || worst_efficiency_model
        || '; move latency-tolerant traffic to the more efficient model'
    from figures
    where efficiency_ranked_models >= {{ threshold('performance_efficiency_spread_min_models') }}
        and efficiency_ratio > {{ threshold('efficiency_spread_ratio') }}

    union all

    select
        'slow_calls',
        'warning',
        'dataset',
        '',
        'slow_call_pct',
        slow_call_pct,
        'slow_call_share_pct',
        {{ threshold('slow_call_share_pct') }},
        null,
        {{ fmt_pct('slow_call_pct') }} || ' of measured calls (' || {{ fmt_count('slow_calls') }}
        || ') take ' || {{ fmt_ms(threshold('slow_call_ms')) }} || ' or more; slowest ranked model by p95: '
        || coalesce(slowest_model || ' (' || {{ fmt_ms('slowest_p95_latency_ms') }} || ')', 'none ranked')
    from figures
    where slow_call_pct > {{ threshold('slow_call_share_pct') }}

),

final as (

    {{ recommendation_rows('performance', 'candidates') }}

)

select * from final
