-- §6.6 by_customer: prorated revenue, cost, margin and band per customer (current attributes);
-- customers without a price are band no_price with NULL revenue and margin.
with

customers as (

    select * from {{ ref('int_customer_window') }}

),

final as (

    select
        customer_id,
        organization_id,
        subscription_tier as tier,
        tier_price_usd,
        customer_archetype as archetype,
        calls,
        prorated_revenue_usd as revenue_usd,
        cost_usd,
        margin_usd,
        margin_pct,
        margin_band as band
    from customers

)

select * from final
