-- §6.2 latency_buckets: the five half-open buckets [0, b1), [b1, b2), [b2, b3), [b3, b4), [b4, ∞)
-- with bounds from the thresholds seed; every bucket appears, empty ones with 0 calls; pct of
-- measured calls (NULL without any).
with

calls as (

    select latency_ms from {{ ref('int_performance__calls') }}
    where latency_ms is not null

),

bounds as (

    select 1 as bucket_number, 0.0 as lower_ms, {{ threshold('performance_latency_bucket_1_ms') }} as upper_ms
    union all
    select 2, {{ threshold('performance_latency_bucket_1_ms') }}, {{ threshold('performance_latency_bucket_2_ms') }}
    union all
    select 3, {{ threshold('performance_latency_bucket_2_ms') }}, {{ threshold('performance_latency_bucket_3_ms') }}
    union all
    select 4, {{ threshold('performance_latency_bucket_3_ms') }}, {{ threshold('performance_latency_bucket_4_ms') }}
    union all
    select 5, {{ threshold('performance_latency_bucket_4_ms') }}, cast(null as {{ type_double() }})

),

counted as (

    select
        bounds.bucket_number,
        bounds.lower_ms,
        bounds.upper_ms,
        count(calls.latency_ms) as calls
    from bounds
    left join calls
        on
            calls.latency_ms >= bounds.lower_ms
            and (bounds.upper_ms is null or calls.latency_ms < bounds.upper_ms)
    group by bounds.bucket_number, bounds.lower_ms, bounds.upper_ms

),

final as (

    select
        {{ dbt.concat([format_number('lower_ms', 0), "case when upper_ms is null then '+' else "
            ~ dbt.concat(["'–'", format_number('upper_ms', 0)]) ~ " end", "' ms'"]) }} as bucket,
        bucket_number,
        cast(lower_ms as {{ type_double() }}) as lower_ms,
        cast(upper_ms as {{ type_double() }}) as upper_ms,
        calls,
        {{ safe_pct('calls', 'sum(calls) over ()') }} as pct
    from counted

)

select * from final
