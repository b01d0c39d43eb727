-- Per customer, the measured values behind the §6.13 suspicious_patterns, concurrency and outlier
-- rules: large calls, share of calls at local off-hours (the region's fixed UTC offset, §1.3),
-- distinct models, the top feature's share, the most regions in one clock hour, the busiest clock
-- minute and the mean latency of successful calls.
{{ config(materialized='table') }}
with

calls as (

    select * from {{ ref('fct_calls') }}

),

regions as (

    select * from {{ ref('regions') }}

),

hours as (

    select * from {{ ref('int_abuse_detection__customer_hours') }}

),

local_calls as (

    select
        calls.customer_id,
        calls.total_tokens,
        calls.provider,
        calls.model,
        calls.is_success,
        calls.latency_ms,
        mod({{ hour_of_day('calls.call_hour') }} + regions.utc_offset_hours + 24, 24) as local_hour
    from calls
    left join regions
        on calls.region = regions.region

),

per_customer as (

    select
        customer_id,
        count(*) as calls,
        count(*) filter (where total_tokens > {{ threshold('abuse_detection_batch_call_tokens') }}) as large_calls,
        {{ safe_pct(
            'count(*) filter (where local_hour >= ' ~ threshold('abuse_detection_off_hours_start_hour')
            ~ ' or local_hour <= ' ~ threshold('abuse_detection_off_hours_end_hour') ~ ')',
            'count(*)',
        ) }} as off_hours_pct,
        count(distinct provider || '/' || model) as models,
        avg(case when is_success then latency_ms end) as avg_success_latency_ms
    from local_calls
    group by customer_id

),

features as (

    select
        customer_id,
        feature_id,
        count(*) as calls,
        row_number() over (partition by customer_id order by count(*) desc, feature_id) as feature_rank
    from calls
    group by customer_id, feature_id

),

minutes as (

    select
        customer_id,
        call_minute,
        count(*) as calls,
        row_number() over (partition by customer_id order by count(*) desc, call_minute) as minute_rank
    from calls
    group by customer_id, call_minute

),

region_hours as (

    select
        customer_id,
        max(regions) as max_regions_per_hour
    from hours
    group by customer_id

),

final as (

    select
        per_customer.customer_id,
        per_customer.calls,
        per_customer.large_calls,
        per_customer.off_hours_pct,
        per_customer.models,
        features.feature_id as top_feature_id,
        {{ safe_pct('features.calls', 'per_customer.calls') }} as top_feature_pct,
        region_hours.max_regions_per_hour,
        minutes.call_minute as busiest_minute,
        minutes.calls as busiest_minute_calls,
        per_customer.avg_success_latency_ms
    from per_customer
    inner join features
        on per_customer.customer_id = features.customer_id and features.feature_rank = 1
    inner join minutes
        on per_customer.customer_id = minutes.customer_id and minutes.minute_rank = 1
    inner join region_hours
        on per_customer.customer_id = region_hours.customer_id

)

select * from final
