-- §6.11 regional_profitability: each customer's prorated revenue (§1.5) split over regions by its
-- share of calls there; cost is the region's call cost. Customers without a price add no revenue,
-- so revenue is NULL in a region none of whose customers is priced.
with

calls as (

    select * from {{ ref('fct_calls') }}

),

customers as (

    select * from {{ ref('int_customer_window') }}

),

customer_regions as (

    select
        customer_id,
        region,
        count(*) as calls,
        sum(cost_usd) as cost_usd
    from calls
    group by customer_id, region

),

allocated as (

    select
        customer_regions.region,
        customer_regions.cost_usd,
        customers.prorated_revenue_usd * customer_regions.calls / customers.calls as revenue_usd
    from customer_regions
    inner join customers
        on customer_regions.customer_id = customers.customer_id

),

per_region as (

    select
        region,
        sum(revenue_usd) as revenue_usd,
        sum(cost_usd) as cost_usd
    from allocated
    group by region

),

final as (

    select
        region,
        revenue_usd,
        cost_usd,
        revenue_usd - cost_usd as margin_usd,
        {{ safe_pct('revenue_usd - cost_usd', 'revenue_usd') }} as margin_pct
    from per_region

)

select * from final
