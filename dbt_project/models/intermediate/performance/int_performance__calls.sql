-- §6.2 per-call inputs, once: latency, ttft and tokens-per-second kept only on measured calls
-- (successful with a latency, §1.2), the SLA and slow flags of those calls, and cost / tokens of
-- successful calls for the per-1K figures. Failed calls stay for the error rates.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        call_id,
        provider,
        model,
        feature_id,
        is_success,
        {{ is_measured_call() }} as is_measured,
        {{ measured_value('latency_ms') }} as latency_ms,
        {{ measured_value('ttft_ms') }} as ttft_ms,
        {{ measured_value('tokens_per_second') }} as tokens_per_second,
        {{ measured_value('latency_ms <= ' ~ threshold('sla_latency_ms')) }} as is_sla_compliant,
        {{ measured_value('latency_ms >= ' ~ threshold('slow_call_ms')) }} as is_slow,
        case when is_success then cost_usd end as success_cost_usd,
        case when is_success then total_tokens end as success_tokens
    from calls

)

select * from final
