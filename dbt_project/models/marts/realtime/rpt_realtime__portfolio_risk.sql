-- §6.3 portfolio_risk: customers per consumption level (true totals), health = low ÷ customers ×
-- 100, monthly revenue at risk = Σ monthly tier price of critical and high customers, and the
-- provider concentration HHI = Σ (provider cost share %)² with its band. One row.
with

consumption as (

    select * from {{ ref('rpt_realtime__customer_consumption') }}

),

calls as (

    select provider, cost_usd from {{ ref('fct_calls') }}

),

levels as (

    select
        count(*) as customers,
        count(*) filter (where level = 'critical') as critical,
        count(*) filter (where level = 'high') as high,
        count(*) filter (where level = 'medium') as medium,
        count(*) filter (where level = 'low') as low,
        count(*) filter (where level = 'no_price') as no_price,
        count(*) filter (where at_risk) as at_risk,
        coalesce(sum(case when level in ('critical', 'high') then tier_price_usd end), 0)
            as monthly_revenue_at_risk_usd
    from consumption

),

provider_shares as (

    select {{ safe_pct('sum(cost_usd)', 'sum(sum(cost_usd)) over ()') }} as cost_share_pct
    from calls
    group by provider

),

concentration as (

    select sum(cost_share_pct * cost_share_pct) as provider_hhi from provider_shares

),

final as (

    select
        levels.customers,
        levels.critical,
        levels.high,
        levels.medium,
        levels.low,
        levels.no_price,
        levels.at_risk,
        {{ safe_pct('levels.low', 'levels.customers') }} as health_score,
        cast(levels.monthly_revenue_at_risk_usd as {{ type_double() }}) as monthly_revenue_at_risk_usd,
        concentration.provider_hhi,
        case
            when concentration.provider_hhi is null then null
            when concentration.provider_hhi < {{ threshold('hhi_moderate') }} then 'low'
            when concentration.provider_hhi < {{ threshold('hhi_high') }} then 'moderate'
            else 'high'
        end as hhi_band
    from levels
    cross join concentration

)

select * from final
