-- §6.2 task picks input: per (feature, provider, model) over the feature's calls, measured
-- calls, mean latency, cost per 1K tokens of successful calls and the efficiency score
-- (mean tokens per second ÷ per-1K, NULL when the per-1K is 0 or NULL).
with

calls as (

    select * from {{ ref('int_performance__calls') }}

),

per_group as (

    select
        feature_id,
        provider,
        model,
        count(latency_ms) as calls_measured,
        avg(latency_ms) as avg_latency_ms,
        avg(tokens_per_second) as avg_tokens_per_second,
        {{ cost_per_1k('sum(success_cost_usd)', 'sum(success_tokens)') }} as cost_per_1k_tokens
    from calls
    group by feature_id, provider, model

),

final as (

    select
        *,
        avg_tokens_per_second / nullif(cost_per_1k_tokens, 0) as efficiency_score
    from per_group

)

select * from final
