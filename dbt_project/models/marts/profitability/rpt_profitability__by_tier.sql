-- §6.6 by_tier: customers, revenue, cost and margin per current tier. Revenue and margin cover
-- priced customers only (NULL for a tier without a price); cost covers every customer, so the
-- tiers sum to the summary (tested).
with

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

per_tier as (

    select
        tier,
        count(*) as customers,
        sum(revenue_usd) as revenue_usd,
        sum(cost_usd) as cost_usd,
        sum(margin_usd) as margin_usd,
        count(*) filter (where band = 'unprofitable') as unprofitable_customers
    from customers
    group by tier

),

final as (

    select
        tier,
        customers,
        revenue_usd,
        cost_usd,
        margin_usd,
        {{ safe_pct('margin_usd', 'revenue_usd') }} as margin_pct,
        {{ safe_ratio('cost_usd', 'customers') }} as cost_per_customer,
        unprofitable_customers
    from per_tier

)

select * from final
