-- §6.2 summary: latency, ttft, throughput, SLA and slow-call figures over measured calls (§1.2),
-- and the error rate over all calls; one row, also on empty input (zero counts, NULL ratios).
with

calls as (

    select * from {{ ref('int_performance__calls') }}

),

totals as (

    select
        count(latency_ms) as calls_measured,
        {{ latency_profile('latency_ms') }},
        min(latency_ms) as min_latency_ms,
        max(latency_ms) as max_latency_ms,
        avg(tokens_per_second) as avg_tokens_per_second,
        avg(ttft_ms) as avg_ttft_ms,
        {{ percentile_cont('ttft_ms', 0.95) }} as p95_ttft_ms,
        count(*) filter (where is_sla_compliant) as sla_compliant_calls,
        count(*) filter (where is_slow) as slow_calls,
        count(*) as calls,
        count(*) filter (where not is_success) as failed_calls
    from calls

),

final as (

    select
        calls_measured,
        avg_latency_ms,
        p50_latency_ms,
        p95_latency_ms,
        p99_latency_ms,
        min_latency_ms,
        max_latency_ms,
        avg_tokens_per_second,
        avg_ttft_ms,
        p95_ttft_ms,
        {{ threshold('sla_latency_ms') }} as sla_latency_ms,
        sla_compliant_calls,
        {{ safe_pct('sla_compliant_calls', 'calls_measured') }} as sla_compliance_pct,
        slow_calls,
        {{ safe_pct('slow_calls', 'calls_measured') }} as slow_call_pct,
        {{ safe_ratio('failed_calls', 'calls') }} as error_rate
    from totals

)

select * from final
