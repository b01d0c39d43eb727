-- §6.13 usage_spikes: customers with at least `abuse_detection_spike_min_active_hours` active
-- hours whose busiest hour has calls > `spike_multiple` × their mean calls per active hour and >
-- `spike_min_calls`; one row per busiest hour (hours tied for busiest all appear).
with

hours as (

    select * from {{ ref('int_abuse_detection__customer_hours') }}

),

per_customer as (

    select
        *,
        count(*) over (partition by customer_id) as active_hours,
        sum(calls) over (partition by customer_id) as customer_calls,
        max(calls) over (partition by customer_id) as busiest_calls
    from hours

),

final as (

    select
        customer_id,
        call_hour as hour,
        calls,
        active_hours,
        {{ safe_ratio('customer_calls', 'active_hours') }} as mean_calls_per_active_hour,
        calls / {{ safe_ratio('customer_calls', 'active_hours') }} as multiple
    from per_customer
    where calls = busiest_calls
        and active_hours >= {{ threshold('abuse_detection_spike_min_active_hours') }}
        and calls > {{ threshold('spike_multiple') }} * {{ safe_ratio('customer_calls', 'active_hours') }}
        and calls > {{ threshold('spike_min_calls') }}

)

select * from final
