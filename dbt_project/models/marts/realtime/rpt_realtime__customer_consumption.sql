-- §6.3 customer_consumption: every customer with calls, its prorated revenue (§1.5), cost and
-- consumption = cost ÷ prorated revenue × 100, the consumption level (critical ≥ 100, high ≥ 80,
-- medium ≥ 50, else low; no_price without a positive price) and at_risk = critical, high, medium.
with

customers as (

    select * from {{ ref('int_customer_window') }}

),

leveled as (

    select
        customer_id,
        subscription_tier as tier,
        tier_price_usd,
        prorated_revenue_usd,
        cost_usd,
        consumption_pct,
        case
            when consumption_pct is null then 'no_price'
            when consumption_pct >= {{ threshold('consumption_critical_pct') }} then 'critical'
            when consumption_pct >= {{ threshold('consumption_high_pct') }} then 'high'
            when consumption_pct >= {{ threshold('consumption_medium_pct') }} then 'medium'
            else 'low'
        end as level
    from customers

),

final as (

    select
        *,
        level in ('critical', 'high', 'medium') as at_risk
    from leveled

)

select * from final
