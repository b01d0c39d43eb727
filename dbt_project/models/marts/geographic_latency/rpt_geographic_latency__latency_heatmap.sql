-- §6.11 latency_heatmap: latency of successful calls per (region, provider, model) cell, keeping
-- cells with at least `heatmap_min_calls` successful calls with a latency.
with

calls as (

    select * from {{ ref('fct_calls') }}
    where is_success and latency_ms is not null

),

cells as (

    select
        region,
        provider,
        model,
        model_key,
        count(*) as calls,
        sum(latency_ms) as latency_sum_ms,
        avg(latency_ms) as avg_latency_ms,
        {{ percentile_cont('latency_ms', 0.95) }} as p95_latency_ms,
        {{ percentile_cont('latency_ms', 0.99) }} as p99_latency_ms
    from calls
    group by region, provider, model, model_key

),

final as (

    select *
    from cells
    where calls >= {{ threshold('heatmap_min_calls') }}

)

select * from final
