-- §6.6: Σ over tiers, over bands and over segment cells equals the summary (customers, cost,
-- revenue, margin), relative tolerance 1e-9.
{{ config(tags=['profitability']) }}

with

summary as (

    select * from {{ ref('rpt_profitability__summary') }}

),

parts as (

    select 'by_tier' as part, sum(customers) as customers, sum(cost_usd) as cost_usd,
        coalesce(sum(revenue_usd), 0) as revenue_usd
    from {{ ref('rpt_profitability__by_tier') }}
    union all
    select 'margin_distribution', sum(customers), sum(cost_usd), coalesce(sum(revenue_usd), 0)
    from {{ ref('rpt_profitability__margin_distribution') }}
    union all
    select 'segment_matrix', sum(customers), sum(cost_usd), coalesce(sum(revenue_usd), 0)
    from {{ ref('rpt_profitability__segment_matrix') }}

)

select parts.*
from parts
cross join summary
where coalesce(parts.customers, 0) <> summary.customers
    or abs(coalesce(parts.cost_usd, 0) - summary.cost_usd) > 1e-9 * greatest(abs(summary.cost_usd), 1e-12)
    or abs(parts.revenue_usd - summary.revenue_usd) > 1e-9 * greatest(abs(summary.revenue_usd), 1e-12)
