-- §6.9 summary: one row of headline figures over the input set, with the window of §1.4.
-- Empty input gives zero counts and NULL ratios and window figures.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

totals as (

    select
        count(*) as calls,
        coalesce(sum(cost_usd), 0) as cost_usd,
        cast(coalesce(sum(total_tokens), 0) as {{ dbt.type_bigint() }}) as tokens,
        avg(case when is_success then latency_ms end) as avg_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.5) }} as p50_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.95) }} as p95_latency_ms,
        {{ percentile_cont('case when is_success then latency_ms end', 0.99) }} as p99_latency_ms,
        count(case when is_success then latency_ms end) as latency_calls,
        count(case when is_success then 1 end) as successful_calls,
        count(case when not is_success then 1 end) as failed_calls,
        min("timestamp") as window_start,
        max("timestamp") as window_end,
        count(distinct call_date) as covered_days
    from calls

),

spans as (

    select
        *,
        {{ seconds_between('window_start', 'window_end') }} as span_seconds
    from totals

),

final as (

    select
        calls,
        cost_usd,
        tokens,
        cost_usd / nullif(calls, 0) as avg_cost_per_call,
        cast(tokens as {{ type_double() }}) / nullif(calls, 0) as avg_tokens_per_call,
        avg_latency_ms,
        p50_latency_ms,
        p95_latency_ms,
        p99_latency_ms,
        latency_calls,
        successful_calls,
        failed_calls,
        successful_calls / nullif(cast(calls as {{ type_double() }}), 0) as success_rate,
        window_start,
        window_end,
        -- greatest() skips NULLs on some engines (DuckDB): guard so empty input stays NULL.
        case when span_seconds is not null then greatest(span_seconds, 3600) / 3600.0 end
            as window_hours,
        case when span_seconds is not null then greatest(span_seconds, 3600) / 86400.0 end
            as window_days,
        covered_days,
        case
            when span_seconds < 3600
                then {{ dbt.concat([fmt_count('span_seconds / 60.0'), "' minutes'"]) }}
            when span_seconds < 86400
                then {{ dbt.concat([format_number('span_seconds / 3600.0', 1), "' hours'"]) }}
            when span_seconds is not null
                then {{ dbt.concat([format_number('span_seconds / 86400.0', 1), "' days'"]) }}
        end as description
    from spans

)

select * from final
