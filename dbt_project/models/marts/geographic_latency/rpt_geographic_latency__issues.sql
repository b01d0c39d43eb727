-- §6.11 issues: per region, high_p99 (p99 > `region_p99_ms`) and high_variance (latency σ >
-- `latency_cv_max` × mean); the value is p99 in ms or σ ÷ mean. Severity is critical when the
-- region's p99 > `region_p99_critical_ms`, otherwise warning.
with

regions as (

    select * from {{ ref('rpt_geographic_latency__by_region') }}

),

candidates as (

    select
        region,
        'high_p99' as issue,
        p99_latency_ms as value,
        {{ threshold('region_p99_ms') }} as threshold_value,
        p99_latency_ms
    from regions
    where p99_latency_ms > {{ threshold('region_p99_ms') }}

    union all

    select
        region,
        'high_variance',
        {{ safe_ratio('latency_std_ms', 'avg_latency_ms') }},
        {{ threshold('latency_cv_max') }},
        p99_latency_ms
    from regions
    where latency_std_ms > {{ threshold('latency_cv_max') }} * avg_latency_ms

),

final as (

    select
        region,
        issue,
        cast(value as {{ type_double() }}) as value,
        cast(threshold_value as {{ type_double() }}) as threshold_value,
        case
            when p99_latency_ms > {{ threshold('region_p99_critical_ms') }} then 'critical'
            else 'warning'
        end as severity
    from candidates

)

select * from final
