-- §6.11 summary: regions, calls, average latency of successful calls, the most- and least-used
-- regions (ties by region name) and balance_score = least ÷ most calls × 100; one row on empty input.
with

regions as (

    select * from {{ ref('rpt_geographic_latency__by_region') }}

),

ranked as (

    select
        region,
        calls,
        row_number() over (order by calls desc, region) as most_rank,
        row_number() over (order by calls, region) as least_rank
    from regions

),

totals as (

    select
        count(*) as regions,
        cast(coalesce(sum(calls), 0) as {{ dbt.type_bigint() }}) as calls,
        cast(coalesce(sum(latency_calls), 0) as {{ dbt.type_bigint() }}) as latency_calls,
        sum(avg_latency_ms * latency_calls) as latency_sum_ms
    from regions

),

final as (

    select
        totals.regions,
        totals.calls,
        totals.latency_calls,
        {{ safe_ratio('totals.latency_sum_ms', 'totals.latency_calls') }} as avg_latency_ms,
        most_used.region as most_used_region,
        most_used.calls as most_used_calls,
        least_used.region as least_used_region,
        least_used.calls as least_used_calls,
        {{ safe_pct('least_used.calls', 'most_used.calls') }} as balance_score
    from totals
    left join ranked as most_used on most_used.most_rank = 1
    left join ranked as least_used on least_used.least_rank = 1

)

select * from final
