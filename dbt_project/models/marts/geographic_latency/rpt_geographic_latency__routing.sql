-- §6.11 routing: per (provider, model) with ≥ 2 heatmap cells, the fastest region (lowest average;
-- ties by name), the call-weighted average over its cells, gain_ms = weighted − fastest and
-- gain_pct = gain ÷ weighted × 100.
with

cells as (

    select * from {{ ref('rpt_geographic_latency__latency_heatmap') }}

),

ranked as (

    select
        *,
        count(*) over (partition by provider, model) as cells,
        cast(sum(calls) over (partition by provider, model) as {{ dbt.type_bigint() }}) as model_calls,
        sum(latency_sum_ms) over (partition by provider, model) as model_latency_sum_ms,
        row_number() over (partition by provider, model order by avg_latency_ms, region) as speed_rank
    from cells

),

final as (

    select
        provider,
        model,
        model_key,
        cells,
        model_calls as calls,
        region as fastest_region,
        avg_latency_ms as fastest_avg_ms,
        {{ safe_ratio('model_latency_sum_ms', 'model_calls') }} as weighted_avg_ms,
        {{ safe_ratio('model_latency_sum_ms', 'model_calls') }} - avg_latency_ms as gain_ms,
        {{ safe_pct(safe_ratio('model_latency_sum_ms', 'model_calls') ~ ' - avg_latency_ms',
            safe_ratio('model_latency_sum_ms', 'model_calls')) }} as gain_pct
    from ranked
    where speed_rank = 1
        and cells >= 2

)

select * from final
