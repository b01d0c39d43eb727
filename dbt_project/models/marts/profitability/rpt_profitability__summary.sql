-- §6.6 summary: revenue (priced customers), cost (all customers), margin, losses and averages in
-- one row, also on empty input.
with

customers as (

    select * from {{ ref('rpt_profitability__by_customer') }}

),

analysis_window as (

    select * from {{ ref('int_analysis_window') }}

),

totals as (

    select
        coalesce(sum(revenue_usd), 0) as revenue_usd,
        coalesce(sum(cost_usd), 0) as cost_usd,
        coalesce(sum(margin_usd), 0) as margin_usd,
        count(*) as customers,
        count(revenue_usd) as priced_customers,
        count(*) filter (where band = 'unprofitable') as unprofitable_customers,
        coalesce(sum(case when margin_usd < 0 then -margin_usd end), 0) as total_loss_usd
    from customers

),

final as (

    select
        totals.revenue_usd,
        totals.cost_usd,
        totals.margin_usd,
        {{ safe_pct('totals.margin_usd', 'totals.revenue_usd') }} as margin_pct,
        totals.customers,
        totals.priced_customers,
        totals.unprofitable_customers,
        totals.total_loss_usd,
        {{ monthly_projection('totals.total_loss_usd', 'analysis_window.window_days') }} as monthly_loss_usd,
        {{ safe_ratio('totals.revenue_usd', 'totals.priced_customers') }} as avg_revenue_per_customer,
        {{ safe_ratio('totals.cost_usd', 'totals.customers') }} as avg_cost_per_customer,
        analysis_window.window_days,
        {{ threshold('target_margin_pct') }} as target_margin_pct
    from totals
    cross join analysis_window

)

select * from final
