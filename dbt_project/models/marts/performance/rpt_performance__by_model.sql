-- §6.2 by_model: latency profile, ttft, throughput, cost per 1K of successful calls, efficiency
-- score (mean tokens/s ÷ per-1K), SLA compliance and error rate (all calls) per (provider, model);
-- ranks among ranked models (calls_measured ≥ min_calls_for_ranking) with a non-NULL figure.
with

calls as (

    select * from {{ ref('int_performance__calls') }}

),

per_model as (

    select
        provider,
        model,
        count(latency_ms) as calls_measured,
        {{ latency_profile('latency_ms') }},
        avg(ttft_ms) as avg_ttft_ms,
        avg(tokens_per_second) as avg_tokens_per_second,
        {{ cost_per_1k('sum(success_cost_usd)', 'sum(success_tokens)') }} as cost_per_1k_tokens,
        count(*) filter (where is_sla_compliant) as sla_compliant_calls,
        count(*) as calls,
        count(*) filter (where not is_success) as failed_calls
    from calls
    group by provider, model

),

scored as (

    select
        *,
        avg_tokens_per_second / nullif(cost_per_1k_tokens, 0) as efficiency_score,
        calls_measured >= {{ threshold('min_calls_for_ranking') }} as is_ranked
    from per_model

),

final as (

    select
        provider,
        model,
        calls_measured,
        avg_latency_ms,
        p50_latency_ms,
        p95_latency_ms,
        p99_latency_ms,
        avg_ttft_ms,
        avg_tokens_per_second,
        cost_per_1k_tokens,
        efficiency_score,
        {{ safe_pct('sla_compliant_calls', 'calls_measured') }} as sla_compliance_pct,
        {{ safe_ratio('failed_calls', 'calls') }} as error_rate,
        is_ranked,
        case when is_ranked and avg_latency_ms is not null then row_number() over (
            partition by is_ranked and avg_latency_ms is not null
            order by avg_latency_ms, provider, model
        ) end as rank_latency,
        case when is_ranked and cost_per_1k_tokens is not null then row_number() over (
            partition by is_ranked and cost_per_1k_tokens is not null
            order by cost_per_1k_tokens, provider, model
        ) end as rank_cost,
        case when is_ranked and efficiency_score is not null then row_number() over (
            partition by is_ranked and efficiency_score is not null
            order by efficiency_score desc, provider, model
        ) end as rank_efficiency
    from scored

)

select * from final
