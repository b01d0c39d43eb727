-- §6.11 by_region: calls, cost and call share per region over all calls; latency figures over
-- successful calls with a latency (§1.2); error rate = failed ÷ calls.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

per_region as (

    select
        region,
        count(*) as calls,
        count(*) filter (where not is_success) as failed_calls,
        sum(cost_usd) as cost_usd,
        cast(sum(total_tokens) as {{ dbt.type_bigint() }}) as total_tokens,
        count(case when is_success then latency_ms end) as latency_calls,
        avg(case when is_success then latency_ms end) as avg_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.5) }} as p50_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.95) }} as p95_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.99) }} as p99_latency_ms,
        min(case when is_success then latency_ms end) as min_latency_ms,
        max(case when is_success then latency_ms end) as max_latency_ms,
        stddev_pop(case when is_success then latency_ms end) as latency_std_ms,
        avg(case when is_success and latency_ms is not null then ttft_ms end) as avg_ttft_ms
    from calls
    group by region

),

final as (

    select
        region,
        calls,
        {{ safe_pct('calls', 'sum(calls) over ()') }} as call_pct,
        failed_calls,
        cost_usd,
        total_tokens,
        {{ safe_ratio('cost_usd', 'calls') }} as cost_per_call,
        {{ cost_per_1k('cost_usd', 'total_tokens') }} as cost_per_1k,
        latency_calls,
        avg_latency_ms,
        p50_latency_ms,
        p95_latency_ms,
        p99_latency_ms,
        min_latency_ms,
        max_latency_ms,
        latency_std_ms,
        avg_ttft_ms,
        {{ safe_ratio('failed_calls', 'calls') }} as error_rate
    from per_region

)

select * from final
