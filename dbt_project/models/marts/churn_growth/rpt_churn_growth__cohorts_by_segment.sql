-- §6.12 cohorts_by_segment: customers, calls, cost and calls per customer per current (tier,
-- archetype); each customer is in exactly one cell.
with

customers as (

    select * from {{ ref('int_customer_window') }}

),

final as (

    select
        subscription_tier as tier,
        customer_archetype as archetype,
        count(*) as customers,
        cast(sum(calls) as {{ dbt.type_bigint() }}) as calls,
        sum(cost_usd) as cost_usd,
        {{ safe_ratio('sum(calls)', 'count(*)') }} as calls_per_customer
    from customers
    group by subscription_tier, customer_archetype

)

select * from final
