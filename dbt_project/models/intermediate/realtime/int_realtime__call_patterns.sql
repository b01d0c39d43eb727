-- §6.3 inefficient patterns, per successful call: the first pattern it matches — (1)
-- small_expensive: cost > small_expensive_cost_usd and total_tokens < simple_call_max_tokens,
-- saving = cost − its downshift re-pricing; (2) slow_expensive: latency > slow_call_ms and cost >
-- slow_expensive_cost_usd, saving = cost − its like-for-like re-pricing; (3) heavy_callers: a
-- customer whose calls exceed heavy_caller_multiple × the mean calls per customer, saving 0.
-- Calls matching none are left out. A call without the needed target saves nothing.
with

repriced as (

    select * from {{ ref('int_call_repricing') }}

),

customers as (

    select customer_id, calls from {{ ref('int_customer_window') }}

),

heavy_customers as (

    select customer_id
    from customers
    where calls > {{ threshold('heavy_caller_multiple') }} * (select avg(calls) from customers)

),

matched as (

    select
        repriced.call_id,
        repriced.customer_id,
        repriced.cost_usd,
        case
            when repriced.cost_usd > {{ threshold('small_expensive_cost_usd') }}
                and repriced.total_tokens < {{ threshold('simple_call_max_tokens') }}
                then 'small_expensive'
            when repriced.latency_ms > {{ threshold('slow_call_ms') }}
                and repriced.cost_usd > {{ threshold('slow_expensive_cost_usd') }}
                then 'slow_expensive'
            when heavy_customers.customer_id is not null then 'heavy_callers'
        end as pattern,
        repriced.downshift_cost_usd,
        repriced.like_for_like_cost_usd
    from repriced
    left join heavy_customers
        on repriced.customer_id = heavy_customers.customer_id

),

final as (

    select
        call_id,
        customer_id,
        pattern,
        cost_usd,
        case pattern
            when 'small_expensive' then coalesce(cost_usd - downshift_cost_usd, 0)
            when 'slow_expensive' then coalesce(cost_usd - like_for_like_cost_usd, 0)
            else 0
        end as savings_usd
    from matched
    where pattern is not null

)

select * from final
