-- §6.6 margin_distribution: customers, share of customers, revenue and cost per margin band; every
-- band is listed, empty ones with zero customers.
with

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

bands as (

    select band, band_order
    from (
        values
        ('high_margin', 1), ('medium_margin', 2), ('low_margin', 3), ('unprofitable', 4), ('no_price', 5)
    ) as listed (band, band_order)

),

per_band as (

    select
        band,
        count(*) as customers,
        sum(revenue_usd) as revenue_usd,
        sum(cost_usd) as cost_usd
    from customers
    group by band

),

final as (

    select
        bands.band,
        bands.band_order,
        coalesce(per_band.customers, 0) as customers,
        {{ safe_pct('coalesce(per_band.customers, 0)', 'sum(coalesce(per_band.customers, 0)) over ()') }}
            as pct_of_customers,
        per_band.revenue_usd,
        coalesce(per_band.cost_usd, 0) as cost_usd
    from bands
    left join per_band on bands.band = per_band.band

)

select * from final
