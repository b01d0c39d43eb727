-- The figures the §6.7 triggers read, in one row (also on empty input): flat and hybrid margins,
-- the best alternative to flat (highest margin_pct, ties by name) with its revenue change and
-- customers paying more, and the heavy and light segments.
{{ config(materialized='table') }}
with

models as (

    select * from {{ ref('rpt_pricing__alternative_models') }}

),

segments as (

    select * from {{ ref('rpt_pricing__segments') }}

),

best_alternative as (

    select
        pricing_model,
        margin_pct,
        revenue_change_vs_flat_usd,
        revenue_change_vs_flat_pct,
        customers_paying_more,
        row_number() over (order by margin_pct desc nulls last, pricing_model) as alternative_rank
    from models
    where pricing_model <> 'flat'

),

final as (

    select
        flat.margin_pct as flat_margin_pct,
        hybrid.margin_pct as hybrid_margin_pct,
        best.pricing_model as best_model,
        best.margin_pct as best_margin_pct,
        best.margin_pct - flat.margin_pct as best_improvement_pp,
        best.revenue_change_vs_flat_usd as best_revenue_change_usd,
        best.revenue_change_vs_flat_pct as best_revenue_change_pct,
        best.customers_paying_more as best_customers_paying_more,
        heavy.customers as heavy_customers,
        heavy.margin_pct as heavy_margin_pct,
        light.customers as light_customers,
        light.margin_pct as light_margin_pct
    from models as flat
    inner join models as hybrid on hybrid.pricing_model = 'hybrid'
    inner join best_alternative as best on best.alternative_rank = 1
    inner join segments as heavy on heavy.segment = 'heavy'
    inner join segments as light on light.segment = 'light'
    where flat.pricing_model = 'flat'

)

select * from final
