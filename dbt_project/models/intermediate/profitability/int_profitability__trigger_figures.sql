-- The figures the analysis-wide §6.6 triggers read, in one row: counts and shares per band, the
-- losses, the tier × archetype cells holding most unprofitable and most high-margin customers.
{{ config(materialized='table') }}
with

summary as (

    select * from {{ ref('rpt_profitability__summary') }}

),

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

band_counts as (

    select
        count(*) filter (where band = 'low_margin') as low_margin_customers,
        count(*) filter (where band = 'high_margin') as high_margin_customers
    from customers

),

cells as (

    select
        band,
        tier,
        archetype,
        row_number() over (partition by band order by count(*) desc, tier, archetype) as cell_rank
    from customers
    where band in ('unprofitable', 'high_margin')
    group by band, tier, archetype

),

final as (

    select
        summary.customers,
        summary.unprofitable_customers,
        {{ safe_pct('summary.unprofitable_customers', 'summary.customers') }} as unprofitable_pct,
        summary.total_loss_usd,
        summary.monthly_loss_usd,
        unprofitable_cell.tier as unprofitable_top_tier,
        unprofitable_cell.archetype as unprofitable_top_archetype,
        band_counts.low_margin_customers,
        {{ safe_pct('band_counts.low_margin_customers', 'summary.customers') }} as low_margin_pct,
        band_counts.high_margin_customers,
        {{ safe_pct('band_counts.high_margin_customers', 'summary.customers') }} as high_margin_pct,
        high_margin_cell.tier as high_margin_top_tier,
        high_margin_cell.archetype as high_margin_top_archetype,
        summary.margin_pct,
        summary.target_margin_pct
    from summary
    cross join band_counts
    left join cells as unprofitable_cell
        on unprofitable_cell.band = 'unprofitable' and unprofitable_cell.cell_rank = 1
    left join cells as high_margin_cell
        on high_margin_cell.band = 'high_margin' and high_margin_cell.cell_rank = 1

)

select * from final
