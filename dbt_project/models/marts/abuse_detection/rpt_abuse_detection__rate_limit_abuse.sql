-- §6.13 rate_limit_abuse: customer-hours with more than `rate_limit_errors_per_hour` rate_limit
-- errors.
with

hours as (

    select * from {{ ref('int_abuse_detection__customer_hours') }}

),

final as (

    select
        customer_id,
        call_hour as hour,
        rate_limit_errors,
        calls
    from hours
    where rate_limit_errors > {{ threshold('rate_limit_errors_per_hour') }}

)

select * from final
