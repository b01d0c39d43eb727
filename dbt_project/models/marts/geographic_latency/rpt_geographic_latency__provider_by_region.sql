-- §6.11 provider_by_region: calls, cost and error rate over all calls, latency over successful
-- calls with a latency, per (region, provider).
with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        region,
        provider,
        count(*) as calls,
        count(case when is_success then latency_ms end) as latency_calls,
        avg(case when is_success then latency_ms end) as avg_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.5) }} as p50_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.95) }} as p95_latency_ms,
        {{ safe_ratio('sum(case when is_success then 0 else 1 end)', 'count(*)') }} as error_rate,
        sum(cost_usd) as cost_usd
    from calls
    group by region, provider

)

select * from final
