-- §6.2 by_provider: latency profile and SLA compliance over measured calls, error rate over all
-- calls, per provider.
with

calls as (

    select * from {{ ref('int_performance__calls') }}

),

per_provider as (

    select
        provider,
        count(latency_ms) as calls_measured,
        {{ latency_profile('latency_ms') }},
        count(*) filter (where is_sla_compliant) as sla_compliant_calls,
        count(*) as calls,
        count(*) filter (where not is_success) as failed_calls
    from calls
    group by provider

),

final as (

    select
        provider,
        calls_measured,
        avg_latency_ms,
        p50_latency_ms,
        p95_latency_ms,
        p99_latency_ms,
        {{ safe_pct('sla_compliant_calls', 'calls_measured') }} as sla_compliance_pct,
        {{ safe_ratio('failed_calls', 'calls') }} as error_rate
    from per_provider

)

select * from final
