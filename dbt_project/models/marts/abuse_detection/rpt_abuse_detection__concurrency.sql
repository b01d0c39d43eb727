-- §6.13 concurrency: every customer's busiest clock minute (ties: earliest) and its calls;
-- flagged when the calls exceed `concurrent_per_minute`.
with

signals as (

    select * from {{ ref('int_abuse_detection__customer_signals') }}

),

final as (

    select
        customer_id,
        busiest_minute,
        busiest_minute_calls,
        busiest_minute_calls > {{ threshold('concurrent_per_minute') }} as is_flagged
    from signals

)

select * from final
