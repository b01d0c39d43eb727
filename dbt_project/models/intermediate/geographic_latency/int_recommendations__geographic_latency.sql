-- §6.11 recommendations (§1.11 columns without rank): a row exists only when its trigger holds;
-- NULL figures (empty input, no qualifying model) never trigger (§1.7).
with

figures as (

    select * from {{ ref('int_geographic_latency__trigger_figures') }}

),

provider_regions as (

    select * from {{ ref('rpt_geographic_latency__provider_by_region') }}

),

routing as (

    select * from {{ ref('rpt_geographic_latency__routing') }}

),

providers as (

    -- call-weighted average latency across the provider's regions
    select
        provider,
        {{ safe_ratio('sum(avg_latency_ms * latency_calls)', 'sum(latency_calls)') }} as avg_latency_ms
    from provider_regions
    group by provider

),

candidates as (

    select
        'region_balance' as rec_code,
        'info' as severity,
        'dataset' as entity_type,
        '' as entity_id,
        'balance_score' as metric_name,
        balance_score as metric_value,
        'balance_min' as threshold_name,
        {{ threshold('balance_min') }} as threshold_value,
        cast(null as {{ type_double() }}) as impact_usd,
        'Traffic is unbalanced across regions: ' || most_used_region || ' has ' || {{ fmt_count('most_used_calls') }}
        || ' calls, ' || least_used_region || ' ' || {{ fmt_count('least_used_calls') }}
        || ' (balance score ' || {{ format_number('balance_score', 1) }} || ')' as message
    from figures
    where balance_score < {{ threshold('balance_min') }}

    union all

    select
        'region_p95_above_sla',
        'warning',
        'dataset',
        '',
        'regions_above_sla',
        sla_regions,
        'sla_latency_ms',
        {{ threshold('sla_latency_ms') }},
        null,
        {{ fmt_count('sla_regions') }} || ' regions have a p95 latency above the '
        || {{ fmt_ms(threshold('sla_latency_ms')) }} || ' SLA: ' || sla_region_list
    from figures
    where sla_regions >= 1

    union all

    select
        'regional_cost_variance',
        'info',
        'model',
        top_variance_model_key,
        'variance_pct',
        top_variance_pct,
        'cost_variance_pct',
        {{ threshold('cost_variance_pct') }},
        null,
        top_variance_model_key || ' costs ' || {{ fmt_usd('top_variance_cheapest_cost_per_1k') }} || ' per 1K tokens in '
        || top_variance_cheapest_region || ' but ' || {{ fmt_usd('top_variance_dearest_cost_per_1k') }} || ' in '
        || top_variance_dearest_region || ' (' || {{ fmt_pct('top_variance_pct') }} || ' more)'
    from figures
    where top_variance_pct > {{ threshold('cost_variance_pct') }}

    union all

    select
        'region_issues',
        'warning',
        'dataset',
        '',
        'issues',
        issues,
        'recommend_min_flagged',
        {{ threshold('recommend_min_flagged') }},
        null,
        {{ fmt_count('issues') }} || ' latency issues in ' || {{ fmt_count('issue_regions') }} || ' regions: '
        || issue_list
    from figures
    where issues >= {{ threshold('recommend_min_flagged') }}

    union all

    select
        'slow_provider',
        'info',
        'provider',
        provider,
        'avg_latency_ms',
        avg_latency_ms,
        'provider_latency_ms',
        {{ threshold('provider_latency_ms') }},
        null,
        provider || ' averages ' || {{ fmt_ms('avg_latency_ms') }} || ' across regions'
    from providers
    where avg_latency_ms > {{ threshold('provider_latency_ms') }}

    union all

    select
        'routing_gain',
        'info',
        'model',
        model_key,
        'gain_pct',
        gain_pct,
        'routing_gain_pct',
        {{ threshold('routing_gain_pct') }},
        null,
        'Routing ' || model_key || ' to ' || fastest_region || ' (' || {{ fmt_ms('fastest_avg_ms') }}
        || ') would cut its average latency by ' || {{ fmt_ms('gain_ms') }} || ' (' || {{ fmt_pct('gain_pct') }} || ')'
    from routing
    where gain_pct > {{ threshold('routing_gain_pct') }}

),

final as (

    {{ recommendation_rows('geographic_latency', 'candidates') }}

)

select * from final
