-- One row per customer (current attributes, §1.2) with the §6.12 velocity figures: calls before and
-- from the exact window midpoint, growth_pct, trend, inactive days, monthly rates and the next
-- tier's price. Empty when window_days < `churn_growth_min_window_days`: the per-customer tables
-- of §6.12 are empty on short windows.
{{ config(materialized='table') }}
with

calls as (

    select * from {{ ref('fct_calls') }}

),

customers as (

    select * from {{ ref('int_customer_window') }}

),

analysis_window as (

    select
        *,
        window_start + (window_end - window_start) / 2 as midpoint
    from {{ ref('int_analysis_window') }}

),

tiers as (

    select * from {{ ref('tiers') }}

),

halves as (

    select
        calls.customer_id,
        count(*) filter (where calls."timestamp" < analysis_window.midpoint) as calls_first_half,
        count(*) filter (where calls."timestamp" >= analysis_window.midpoint) as calls_second_half
    from calls
    cross join analysis_window
    group by calls.customer_id

),

growth as (

    select
        customers.*,
        halves.calls_first_half,
        halves.calls_second_half,
        {{ safe_pct('halves.calls_second_half - halves.calls_first_half', 'halves.calls_first_half') }} as growth_pct,
        {{ seconds_between('customers.last_seen_at', 'analysis_window.window_end') }} / 86400.0 as inactive_days,
        analysis_window.window_days as analysis_window_days
    from customers
    inner join halves
        on customers.customer_id = halves.customer_id
    cross join analysis_window
    where analysis_window.window_days >= {{ threshold('churn_growth_min_window_days') }}

),

final as (

    select
        growth.customer_id,
        growth.subscription_tier as tier,
        growth.customer_archetype as archetype,
        growth.tier_price_usd,
        growth.calls,
        growth.cost_usd,
        growth.calls_first_half,
        growth.calls_second_half,
        growth.growth_pct,
        case
            when growth.calls_first_half = 0 then 'new'
            when growth.growth_pct > {{ threshold('growth_up_pct') }} then 'growing'
            when growth.growth_pct < {{ threshold('growth_down_pct') }} then 'declining'
            else 'stable'
        end as trend,
        growth.inactive_days,
        growth.analysis_window_days as window_days,
        growth.monthly_calls,
        growth.monthly_cost_usd,
        growth.features,
        nullif(tiers.next_tier, '') as next_tier,
        next_tiers.monthly_price_usd - growth.tier_price_usd as expansion_revenue_usd
    from growth
    left join tiers
        on growth.subscription_tier = tiers.tier
    left join tiers as next_tiers
        on tiers.next_tier = next_tiers.tier

)

select * from final
