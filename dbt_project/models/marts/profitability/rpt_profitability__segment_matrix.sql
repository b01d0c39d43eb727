-- §6.6 segment_matrix: customers, revenue, cost, margin and unprofitable count per (tier, archetype)
-- of the customers' current attributes; each customer is in exactly one cell.
with

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

final as (

    select
        tier,
        archetype,
        count(*) as customers,
        sum(revenue_usd) as revenue_usd,
        sum(cost_usd) as cost_usd,
        {{ safe_pct('sum(margin_usd)', 'sum(revenue_usd)') }} as margin_pct,
        count(*) filter (where band = 'unprofitable') as unprofitable_customers
    from customers
    group by tier, archetype

)

select * from final
