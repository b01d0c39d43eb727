-- Calls and rate_limit errors per (customer, UTC clock hour) with a call: the grain of the
-- usage_spikes and rate_limit_abuse rules of §6.13.
{{ config(materialized='table') }}
with

calls as (

    select * from {{ ref('fct_calls') }}

),

final as (

    select
        customer_id,
        call_hour,
        count(*) as calls,
        count(*) filter (where error_type = 'rate_limit') as rate_limit_errors,
        count(distinct region) as regions
    from calls
    group by customer_id, call_hour

)

select * from final
